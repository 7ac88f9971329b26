package io.glimpse.trainer.cli;

import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.schemas.weights.ModelsTopic;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;

import picocli.CommandLine.Option;

/**
 * Where the models topic is: broker, registry and topic, with the app's environment variables as
 * defaults ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code SCHEMA_REGISTRY_URL}).
 */
final class ConnectionOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka brokers (default: $KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            defaultValue = "${env:SCHEMA_REGISTRY_URL:-http://127.0.0.1:8081/apis/ccompat/v7}",
            description = "Schema registry (default: $SCHEMA_REGISTRY_URL or ${DEFAULT-VALUE})")
    String schemaRegistryUrl;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = ModelsTopic.DEFAULT_NAME,
            description = "Models topic (default: ${DEFAULT-VALUE})")
    String topic;

    /** The client properties of the publisher and the topic reader. */
    Map<String, Object> clientProperties() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    }
}
