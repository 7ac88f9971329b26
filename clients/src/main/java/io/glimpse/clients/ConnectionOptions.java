package io.glimpse.clients;

import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the broker and the registry are, shared by the command-line clients: the same environment
 * variables as the app ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code SCHEMA_REGISTRY_URL}), so a shell set up
 * for a deployment needs no options.
 */
public final class ConnectionOptions {

    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka brokers (default: $KAFKA_BOOTSTRAP_SERVERS, else ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", defaultValue = "${env:SCHEMA_REGISTRY_URL}",
            description = "Schema registry (default: $SCHEMA_REGISTRY_URL).")
    String schemaRegistryUrl;

    /**
     * Returns the Kafka client and registry properties these options name.
     *
     * @return a fresh mutable map with {@code bootstrap.servers} and {@code schema.registry.url}
     * @throws ParameterException when no registry is given: a usage error, not a failure
     */
    public Map<String, Object> clientProperties() {
        if (schemaRegistryUrl == null || schemaRegistryUrl.isBlank()) {
            throw new ParameterException(spec.commandLine(),
                    "no schema registry: give --schema-registry-url or set SCHEMA_REGISTRY_URL");
        }
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        return props;
    }
}
