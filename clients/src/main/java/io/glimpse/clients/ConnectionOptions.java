package io.glimpse.clients;

import io.glimpse.schemas.access.AccessFailure;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the broker and the registry are and how to log in to them, shared by the command-line clients:
 * the same settings file and environment variables as the app ({@link ClientSettings}), so a shell or a
 * file set up for a deployment needs no options. Precedence, lowest first: {@code --config}, the
 * environment, {@code --bootstrap-servers} and {@code --schema-registry-url}.
 */
public final class ConnectionOptions {

    private static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka brokers (default: bootstrap.servers of --config, $KAFKA_BOOTSTRAP_SERVERS, else "
                    + DEFAULT_BOOTSTRAP + ").")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Schema registry (default: schema.registry.url of --config, $SCHEMA_REGISTRY_URL).")
    String schemaRegistryUrl;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (e.g. the app's app.properties): its broker, security (security.protocol, sasl.*,"
                    + " ssl.*) and registry (schema.registry.url, basic.auth.user.info) keys are used, the rest ignored;"
                    + " KAFKA_* and SCHEMA_REGISTRY_* variables win over it.")
    Path config;

    private final Map<String, String> environment;

    /** Reads the process's environment. */
    public ConnectionOptions() {
        this(System.getenv());
    }

    ConnectionOptions(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Returns the Kafka client and registry properties these options name.
     *
     * @return a fresh mutable map with {@code bootstrap.servers}, {@code schema.registry.url} and any
     *     security and registry credential settings
     * @throws ParameterException when no registry is given: a usage error, not a failure
     */
    public Map<String, Object> clientProperties() {
        Map<String, String> settings;
        try {
            settings = ClientSettings.read(config, environment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> props = ClientSettings.clientPart(settings);
        props.putIfAbsent(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP);
        if (bootstrapServers != null) {
            props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        }
        Object registry = props.get(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        if (registry == null || registry.toString().isBlank()) {
            throw new ParameterException(spec.commandLine(),
                    "no schema registry: give --schema-registry-url, schema.registry.url in --config, or set SCHEMA_REGISTRY_URL");
        }
        return props;
    }

    /**
     * Turns a Kafka security refusal into the one line that names the setting or ACL to fix.
     *
     * @param failure what a Kafka client threw
     * @param props the client's properties
     * @return the explanation, or the failure itself when it is something else
     */
    public static Exception explained(Exception failure, Map<String, ?> props) {
        return AccessFailure.explain(failure, props).<Exception>map(e -> e).orElse(failure);
    }
}
