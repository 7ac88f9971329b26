package io.glimpse.clients;

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
 * The settings of the command-line clients, read the way the app reads its own: an instance's settings
 * file (e.g. {@code streams-app/app.properties}) and then the environment, which wins, with the app's
 * convention ({@code KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config},
 * {@code SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO} → {@code schema.registry.basic.auth.user.info}: after the
 * prefix {@code _} is a dot, {@code __} an underscore, {@code ___} a hyphen). So one file and one set
 * of variables configure the app, {@code frames send}, {@code results tail} and {@code view} alike.
 */
public final class ClientSettings {

    /** Client keys taken besides those with the prefixes below. */
    private static final List<String> CLIENT_KEYS = List.of("bootstrap.servers", "client.dns.lookup", "basic.auth.user.info",
            "bearer.auth.token", "registry.retry.max.wait.ms");
    /** Security keys of every Kafka client, and the registry's. */
    private static final List<String> CLIENT_PREFIXES = List.of("security.", "sasl.", "ssl.", "schema.registry.");

    private ClientSettings() {}

    /**
     * Reads every setting of a file and the environment, the environment winning.
     *
     * @param file a properties file, or {@code null}
     * @param environment the environment variables
     * @return the settings by key, all of them (the caller picks)
     * @throws IOException if the file cannot be read
     */
    public static Map<String, String> read(Path file, Map<String, String> environment) throws IOException {
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
        return settings;
    }

    /**
     * Keeps the settings a Kafka client and the registry client take: the broker, security and registry keys.
     *
     * @param settings all settings
     * @return the client's
     */
    public static Map<String, Object> clientPart(Map<String, String> settings) {
        Map<String, Object> client = new HashMap<>();
        settings.forEach((k, v) -> {
            if (isClientKey(k)) {
                client.put(k, v);
            }
        });
        return client;
    }

    /** Whether a key configures the connection to the broker or the registry. */
    static boolean isClientKey(String key) {
        return CLIENT_KEYS.contains(key) || CLIENT_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /**
     * The setting a variable stands for, by the app's convention.
     *
     * @param variable an environment variable's name
     * @return the key, or {@code null} for a variable without a Glimpse, Kafka or registry prefix
     */
    public static String keyFor(String variable) {
        if (variable.startsWith("GLIMPSE_")) {
            return "glimpse." + unescape(variable.substring("GLIMPSE_".length()));
        }
        if (variable.startsWith("SCHEMA_REGISTRY_")) {
            return "schema.registry." + unescape(variable.substring("SCHEMA_REGISTRY_".length()));
        }
        if (variable.startsWith("KAFKA_") && !variable.endsWith("_OPTS")) {
            return unescape(variable.substring("KAFKA_".length()));
        }
        return null;
    }

    private static String unescape(String rest) {
        return rest.toLowerCase(Locale.ROOT).replace("___", "\u0000").replace("__", "\u0001").replace('_', '.')
                .replace('\u0000', '-').replace('\u0001', '_');
    }
}
