package io.glimpse.clients.view;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

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

    /** Client keys passed through besides these prefixes' keys. */
    private static final List<String> CLIENT_KEYS = List.of("bootstrap.servers", "client.dns.lookup", "basic.auth.user.info",
            "bearer.auth.token", "registry.retry.max.wait.ms");
    private static final List<String> CLIENT_PREFIXES = List.of("security.", "sasl.", "ssl.", "schema.registry.");

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
        Map<String, String> settings = new HashMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(k -> settings.put(k, p.getProperty(k).trim()));
        }
        environment.forEach((variable, value) -> {
            String key = keyFor(variable);
            if (key != null) {
                settings.put(key, value);
            }
        });
        Map<String, Object> client = new HashMap<>();
        settings.forEach((k, v) -> {
            if (CLIENT_KEYS.contains(k) || CLIENT_PREFIXES.stream().anyMatch(k::startsWith)) {
                client.put(k, v);
            }
        });
        for (String required : List.of("bootstrap.servers", "schema.registry.url")) {
            if (client.get(required) == null || client.get(required).toString().isBlank()) {
                throw new IllegalArgumentException(required + " is required (in --config or the environment)");
            }
        }
        ViewTopics d = ViewTopics.DEFAULTS;
        return new ViewConfig(client, new ViewTopics(settings.getOrDefault(INPUT_TOPIC, d.frames()),
                settings.getOrDefault(OUTPUT_TOPIC, d.results()), settings.getOrDefault(DLQ_TOPIC, d.deadLetters())));
    }

    /** The setting a variable stands for, by the app's convention; {@code null} when none the view reads. */
    static String keyFor(String variable) {
        String key;
        if (variable.startsWith("GLIMPSE_")) {
            key = "glimpse." + unescape(variable.substring("GLIMPSE_".length()));
        } else if (variable.startsWith("SCHEMA_REGISTRY_")) {
            key = "schema.registry." + unescape(variable.substring("SCHEMA_REGISTRY_".length()));
        } else if (variable.startsWith("KAFKA_") && !variable.endsWith("_OPTS")) {
            key = unescape(variable.substring("KAFKA_".length()));
        } else {
            return null;
        }
        boolean wanted = key.equals(INPUT_TOPIC) || key.equals(OUTPUT_TOPIC) || key.equals(DLQ_TOPIC)
                || CLIENT_KEYS.contains(key) || CLIENT_PREFIXES.stream().anyMatch(key::startsWith);
        return wanted ? key : null;
    }

    private static String unescape(String rest) {
        return rest.toLowerCase(Locale.ROOT).replace("___", "\u0000").replace("__", "\u0001").replace('_', '.')
                .replace('\u0000', '-').replace('\u0001', '_');
    }
}
