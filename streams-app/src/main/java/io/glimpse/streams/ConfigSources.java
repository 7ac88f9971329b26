package io.glimpse.streams;

import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Gathers the settings of one instance from where deployments keep them. Precedence, lowest first:
 * the defaults in {@link GlimpseConfig}, a properties file, the environment, and command-line
 * overrides ({@code -D key=value}); a later source wins key by key.
 *
 * <p>Environment variables follow the convention of Confluent's container images: after the
 * prefix, {@code _} becomes {@code .}, {@code __} becomes {@code _} and {@code ___} becomes
 * {@code -}, in lower case.
 * <ul>
 *   <li>{@code GLIMPSE_*} → {@code glimpse.*} ({@code GLIMPSE_BATCH_MAX_SIZE} → {@code glimpse.batch.max.size});
 *       an unknown one is an error, like an unknown key.
 *   <li>{@code KAFKA_*} → Kafka Streams and client keys ({@code KAFKA_BOOTSTRAP_SERVERS} → {@code bootstrap.servers},
 *       {@code KAFKA_BASIC_AUTH_USER_INFO} → {@code basic.auth.user.info}).
 *   <li>{@code SCHEMA_REGISTRY_*} → {@code schema.registry.*} ({@code SCHEMA_REGISTRY_URL} → {@code schema.registry.url}).
 * </ul>
 * Variables that configure launchers or logging rather than the application ({@code GLIMPSE_JAVA_OPTS},
 * {@code GLIMPSE_LOG_FORMAT}, {@code KAFKA_HEAP_OPTS}, {@code KAFKA_HOME}, ...) are not settings and are skipped.
 */
public final class ConfigSources {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigSources.class);

    static final String GLIMPSE_PREFIX = "GLIMPSE_";
    static final String KAFKA_PREFIX = "KAFKA_";
    static final String REGISTRY_PREFIX = "SCHEMA_REGISTRY_";
    private static final String REGISTRY_KEY_PREFIX = "schema.registry.";

    /**
     * Variables read by the logging configuration (cli's logback.xml) before any setting is: they shape
     * every command's log, so they are not settings of the app, and setting them must not stop it.
     */
    public static final Set<String> LOGGING_VARIABLES = Set.of("GLIMPSE_LOG_FORMAT", "GLIMPSE_LOG_LEVEL");

    /** Variables of the launcher, the tools, the logging and Kafka's scripts that share the prefixes. */
    private static final Set<String> NOT_SETTINGS = Stream.concat(LOGGING_VARIABLES.stream(),
            Stream.of("GLIMPSE_REGISTRY_JAR", "GLIMPSE_INTEROP_REQUIRED", "GLIMPSE_BROWSER_REQUIRED", "GLIMPSE_FFMPEG_REQUIRED",
                    "GLIMPSE_IMAGE_REQUIRED",
                    "KAFKA_HOME", "KAFKA_VERSION", "KAFKA_DEBUG", "KAFKA_JMX_PORT", "KAFKA_JMX_HOSTNAME",
                    "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL"))
            .collect(Collectors.toUnmodifiableSet());

    /** Keys without which an instance cannot start, besides Glimpse's own required keys. */
    private static final List<String> REQUIRED_PASS_THROUGH =
            List.of(StreamsConfig.APPLICATION_ID_CONFIG, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, AvroSerdeConfig.SCHEMA_REGISTRY_URL);

    private ConfigSources() {}

    /**
     * Loads the settings of an instance.
     *
     * @param file a properties file, or null when the environment and overrides supply everything
     * @param environment the environment variables ({@code System.getenv()} in production)
     * @param overrides command-line settings, which win over everything else
     * @return the validated settings
     * @throws IOException if the file cannot be read
     * @throws ConfigException if a setting is unknown, missing or invalid
     */
    public static GlimpseConfig load(Path file, Map<String, String> environment, Map<String, String> overrides)
            throws IOException {
        Map<String, Object> settings = new HashMap<>();
        if (file != null) {
            settings.putAll(readProperties(file));
        }
        settings.putAll(fromEnvironment(environment));
        settings.putAll(overrides);
        GlimpseConfig.checkKnownKeys(settings.keySet());
        checkRequired(settings);
        // Names only: values may be credentials.
        List<String> variables = environment.keySet().stream().filter(v -> keyFor(v) != null).sorted().toList();
        LOG.info("Settings from {}, environment {}, command line {}",
                file == null ? "no file" : file, variables, new TreeSet<>(overrides.keySet()));
        return new GlimpseConfig(settings);
    }

    /**
     * Maps environment variables to settings; variables without a known prefix are ignored.
     *
     * @param environment the environment variables
     * @return the settings, by key
     * @throws ConfigException if a {@code GLIMPSE_*} variable names no Glimpse setting
     */
    public static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> settings = new TreeMap<>();
        Set<String> glimpseKeys = GlimpseConfig.configDef().names();
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String variable = e.getKey();
            String key = keyFor(variable);
            if (key == null) {
                continue;
            }
            if (variable.startsWith(GLIMPSE_PREFIX) && !glimpseKeys.contains(key)) {
                String closest = GlimpseConfig.closestKey(key);
                throw new ConfigException("environment variable " + variable + " (" + key + ") is not a Glimpse setting;"
                        + " did you mean " + variableFor(closest) + " (" + closest + ")?");
            }
            settings.put(key, e.getValue());
        }
        return settings;
    }

    /**
     * Returns the setting an environment variable stands for.
     *
     * @param variable the variable's name
     * @return the key, or null if the variable is not a setting
     */
    static String keyFor(String variable) {
        if (NOT_SETTINGS.contains(variable) || variable.endsWith("_OPTS")) {
            return null;
        }
        if (variable.startsWith(GLIMPSE_PREFIX)) {
            return GlimpseConfig.PREFIX + unescape(variable.substring(GLIMPSE_PREFIX.length()));
        }
        if (variable.startsWith(REGISTRY_PREFIX)) {
            return REGISTRY_KEY_PREFIX + unescape(variable.substring(REGISTRY_PREFIX.length()));
        }
        if (variable.startsWith(KAFKA_PREFIX)) {
            return unescape(variable.substring(KAFKA_PREFIX.length()));
        }
        return null;
    }

    /**
     * Returns the environment variable that sets a key; the inverse of {@link #keyFor}.
     *
     * @param key a setting's key
     * @return the variable's name
     */
    static String variableFor(String key) {
        if (key.startsWith(GlimpseConfig.PREFIX)) {
            return GLIMPSE_PREFIX + escape(key.substring(GlimpseConfig.PREFIX.length()));
        }
        if (key.startsWith(REGISTRY_KEY_PREFIX)) {
            return REGISTRY_PREFIX + escape(key.substring(REGISTRY_KEY_PREFIX.length()));
        }
        return KAFKA_PREFIX + escape(key);
    }

    private static String unescape(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '.').replace("...", "-").replace("..", "_");
    }

    private static String escape(String key) {
        return key.replace("_", "__").replace("-", "___").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> readProperties(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        Map<String, String> settings = new HashMap<>();
        props.stringPropertyNames().forEach(name -> settings.put(name, props.getProperty(name)));
        return settings;
    }

    /** Names every missing key with the variable that would set it, in one message. */
    private static void checkRequired(Map<String, Object> settings) {
        List<String> required = new ArrayList<>();
        GlimpseConfig.configDef().configKeys().values().stream()
                .filter(key -> !key.hasDefault())
                .forEach(key -> required.add(key.name));
        required.addAll(REQUIRED_PASS_THROUGH);
        List<String> missing = new ArrayList<>();
        for (String key : required) {
            Object value = settings.get(key);
            if (value == null || value.toString().isBlank()) {
                missing.add(key + " (" + variableFor(key) + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("missing required settings: " + String.join(", ", missing)
                    + "; set them in the properties file, the environment or with -D key=value");
        }
    }
}
