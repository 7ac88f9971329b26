package io.glimpse.schemas.serde;

import io.glimpse.schemas.registry.CachingSchemaRegistryClient;
import io.glimpse.schemas.registry.Credentials;
import io.glimpse.schemas.registry.RestSchemaRegistryClient;
import io.glimpse.schemas.registry.RetryPolicy;
import io.glimpse.schemas.registry.SchemaRegistryClient;
import io.glimpse.schemas.registry.SubjectNameStrategy;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an Avro serde finds and uses the registry. Built in code with {@link #builder()}, or from Kafka
 * client properties with {@link #fromProperties} using Confluent's property names, so a configuration
 * written for Confluent's serdes works here unchanged.
 *
 * <p>A registry call made while decoding a record blocks the caller — a stream thread, possibly inside an
 * open transaction — for at most {@value #REGISTRY_RETRY_MAX_WAIT_MS}, then fails with a
 * {@link io.glimpse.schemas.registry.RegistryUnreachableException}. The caller must not dead-letter the
 * record for it (nor for a {@link io.glimpse.schemas.registry.RegistryConfigurationException}): it backs off
 * and retries the record within its own budget, or fails so the record is replayed from the last commit.
 */
public final class AvroSerdeConfig {

    /** The registry's base URL. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** {@code user:password} for HTTP basic authentication. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /**
     * The same, under the name Confluent's serdes also accept; it is what {@code SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO}
     * maps to, so a deployment's environment can carry the registry credentials beside {@code SCHEMA_REGISTRY_URL}.
     */
    public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    /** A static bearer token. */
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    /**
     * The longest one registry call may block, retries and waits included, in milliseconds; 5000 by
     * default. It must stay below the transaction timeout of the caller (Kafka Streams sets 10 s under
     * exactly-once): a stream thread blocked past it is fenced.
     */
    public static final String REGISTRY_RETRY_MAX_WAIT_MS = "registry.retry.max.wait.ms";
    /** Whether the serializer registers a record's schema (default true) or only looks its id up. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    private static final Logger LOG = LoggerFactory.getLogger(AvroSerdeConfig.class);
    private static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";
    private static final String PRODUCER_TRANSACTION_TIMEOUT_MS = "producer." + TRANSACTION_TIMEOUT_MS;
    private static final String PROCESSING_GUARANTEE = "processing.guarantee";
    /** What Kafka Streams sets {@code transaction.timeout.ms} to under exactly-once unless told otherwise. */
    private static final long STREAMS_EXACTLY_ONCE_TRANSACTION_TIMEOUT_MS = 10_000;

    private final SchemaRegistryClient registry;
    private final SubjectNameStrategy subjectNameStrategy;
    private final boolean autoRegister;
    private final boolean key;

    private AvroSerdeConfig(Builder builder) {
        this.registry = builder.registry;
        this.subjectNameStrategy = builder.subjectNameStrategy;
        this.autoRegister = builder.autoRegister;
        this.key = builder.key;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads Kafka client properties ({@value #SCHEMA_REGISTRY_URL} required; {@value #BASIC_AUTH_USER_INFO},
     * {@value #BEARER_AUTH_TOKEN}, {@value #REGISTRY_RETRY_MAX_WAIT_MS}, {@value #AUTO_REGISTER_SCHEMAS},
     * {@value #KEY_SUBJECT_NAME_STRATEGY}, {@value #VALUE_SUBJECT_NAME_STRATEGY} optional) into a config with a
     * caching REST client. User info in the URL is sent as basic credentials, as with Confluent's default
     * {@code basic.auth.credentials.source=URL}.
     *
     * <p>A transaction timeout among the properties ({@code transaction.timeout.ms},
     * {@code producer.transaction.timeout.ms}, or exactly-once Kafka Streams' 10 s) bounds the retry budget:
     * a budget set as long or longer is refused; the default budget is cut to half of it, with a warning.
     */
    public static AvroSerdeConfig fromProperties(Map<String, ?> properties, boolean isKey) {
        Object url = properties.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is required");
        }
        RestSchemaRegistryClient.Builder client = RestSchemaRegistryClient.builder().setUrl(url.toString())
                .optRetryPolicy(RetryPolicy.builder().optMaxWait(retryBudget(properties)).build());
        Object userInfo = properties.get(BASIC_AUTH_USER_INFO);
        if (userInfo == null || userInfo.toString().isEmpty()) {
            userInfo = properties.get(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
        }
        Object token = properties.get(BEARER_AUTH_TOKEN);
        if (userInfo != null && !userInfo.toString().isEmpty()) {
            String[] parts = userInfo.toString().split(":", 2);
            if (parts.length != 2) {
                // Without the value: it is a secret.
                throw new ConfigException(BASIC_AUTH_USER_INFO + " must be user:password");
            }
            client.optCredentials(Credentials.basic(parts[0], parts[1]));
        } else if (token != null && !token.toString().isEmpty()) {
            String value = token.toString();
            client.optCredentials(Credentials.bearer(() -> value));
        }
        Builder builder = builder()
                .setRegistry(new CachingSchemaRegistryClient(client.build()))
                .optKey(isKey);
        Object strategy = properties.get(isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY);
        if (strategy != null) {
            builder.optSubjectNameStrategy(SubjectNameStrategy.parse(strategy instanceof Class<?> c ? c.getName()
                    : strategy.toString()));
        }
        Object autoRegister = properties.get(AUTO_REGISTER_SCHEMAS);
        if (autoRegister != null) {
            builder.optAutoRegister(Boolean.parseBoolean(autoRegister.toString()));
        }
        return builder.build();
    }

    /** The retry budget the properties ask for, checked against the transaction timeout they imply. */
    private static Duration retryBudget(Map<String, ?> properties) {
        long budget = RetryPolicy.defaults().maxWait().toMillis();
        Object configured = properties.get(REGISTRY_RETRY_MAX_WAIT_MS);
        if (configured != null) {
            budget = positiveMillis(REGISTRY_RETRY_MAX_WAIT_MS, configured);
        }
        String timeoutKey = properties.containsKey(PRODUCER_TRANSACTION_TIMEOUT_MS) ? PRODUCER_TRANSACTION_TIMEOUT_MS
                : properties.containsKey(TRANSACTION_TIMEOUT_MS) ? TRANSACTION_TIMEOUT_MS : null;
        long transactionTimeout;
        if (timeoutKey != null) {
            transactionTimeout = positiveMillis(timeoutKey, properties.get(timeoutKey));
        } else if (String.valueOf(properties.get(PROCESSING_GUARANTEE)).startsWith("exactly_once")) {
            timeoutKey = PROCESSING_GUARANTEE + " (Kafka Streams' " + TRANSACTION_TIMEOUT_MS + ")";
            transactionTimeout = STREAMS_EXACTLY_ONCE_TRANSACTION_TIMEOUT_MS;
        } else {
            return Duration.ofMillis(budget);
        }
        if (budget >= transactionTimeout) {
            if (configured != null) {
                throw new ConfigException(REGISTRY_RETRY_MAX_WAIT_MS + " (" + budget + ") must be below "
                        + timeoutKey + " (" + transactionTimeout + "): a decode blocked that long outlives its transaction");
            }
            long shortened = transactionTimeout / 2;
            LOG.warn("{} shortened from its default {} to {} ms, half of {} ({} ms)", REGISTRY_RETRY_MAX_WAIT_MS, budget,
                    shortened, timeoutKey, transactionTimeout);
            budget = shortened;
        }
        return Duration.ofMillis(budget);
    }

    private static long positiveMillis(String key, Object value) {
        long millis;
        try {
            millis = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "must be a number of milliseconds");
        }
        if (millis <= 0) {
            throw new ConfigException(key, value, "must be positive");
        }
        return millis;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    public SubjectNameStrategy subjectNameStrategy() {
        return subjectNameStrategy;
    }

    public boolean autoRegister() {
        return autoRegister;
    }

    /** Whether the serde is for record keys (subject {@code <topic>-key}) rather than values. */
    public boolean isKey() {
        return key;
    }

    /** Configures an {@link AvroSerdeConfig}; the registry is required. */
    public static final class Builder {

        private SchemaRegistryClient registry;
        private SubjectNameStrategy subjectNameStrategy = SubjectNameStrategy.TOPIC_NAME;
        private boolean autoRegister = true;
        private boolean key;

        private Builder() {}

        /** The registry; wrap a REST client in a {@link CachingSchemaRegistryClient} for real traffic. */
        public Builder setRegistry(SchemaRegistryClient registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** {@link SubjectNameStrategy#TOPIC_NAME} by default. */
        public Builder optSubjectNameStrategy(SubjectNameStrategy subjectNameStrategy) {
            this.subjectNameStrategy = Objects.requireNonNull(subjectNameStrategy, "subjectNameStrategy");
            return this;
        }

        /** True (the default): register the record's schema; false: only use an already registered one. */
        public Builder optAutoRegister(boolean autoRegister) {
            this.autoRegister = autoRegister;
            return this;
        }

        /** True for a key serde; false (the default) for values. */
        public Builder optKey(boolean key) {
            this.key = key;
            return this;
        }

        public AvroSerdeConfig build() {
            if (registry == null) {
                throw new IllegalStateException("setRegistry is required");
            }
            return new AvroSerdeConfig(this);
        }
    }
}
