package io.glimpse.clients.view;

import io.glimpse.clients.ClientSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the view takes from an instance's settings file (streams-app/app.properties), so that one
 * file describes both: the broker, the registry, the client security settings and the three topic
 * names. The environment wins over the file with the app's convention ({@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code SCHEMA_REGISTRY_URL}, {@code GLIMPSE_OUTPUT_TOPIC}, ...). Every other key is the app's and is
 * ignored here.
 *
 * @param client Kafka client and registry properties
 * @param topics the topics
 */
public record ViewConfig(Map<String, Object> client, ViewTopics topics) {

    static final String INPUT_TOPIC = "glimpse.input.topic";
    static final String OUTPUT_TOPIC = "glimpse.output.topic";
    static final String DLQ_TOPIC = "glimpse.dlq.topic";

    /** Copies the map. */
    public ViewConfig {
        client = Map.copyOf(client);
    }

    /**
     * Reads a settings file, then the environment.
     *
     * @param file the properties file, or {@code null} for the environment alone
     * @param environment the environment variables
     * @return the view's part of the settings
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the broker or the registry is missing
     */
    public static ViewConfig load(Path file, Map<String, String> environment) throws IOException {
        Map<String, String> settings = ClientSettings.read(file, environment);
        Map<String, Object> client = ClientSettings.clientPart(settings);
        for (String required : List.of("bootstrap.servers", "schema.registry.url")) {
            if (client.get(required) == null || client.get(required).toString().isBlank()) {
                throw new IllegalArgumentException(required + " is required (in --config or the environment)");
            }
        }
        ViewTopics d = ViewTopics.DEFAULTS;
        return new ViewConfig(client, new ViewTopics(settings.getOrDefault(INPUT_TOPIC, d.frames()),
                settings.getOrDefault(OUTPUT_TOPIC, d.results()), settings.getOrDefault(DLQ_TOPIC, d.deadLetters())));
    }
}
