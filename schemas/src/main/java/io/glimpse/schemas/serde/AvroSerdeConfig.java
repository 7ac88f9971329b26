package io.glimpse.schemas.serde;

import io.glimpse.schemas.registry.CachingSchemaRegistryClient;
import io.glimpse.schemas.registry.Credentials;
import io.glimpse.schemas.registry.RestSchemaRegistryClient;
import io.glimpse.schemas.registry.SchemaRegistryClient;
import io.glimpse.schemas.registry.SubjectNameStrategy;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * How an Avro serde finds and uses the registry. Built in code with {@link #builder()}, or from Kafka
 * client properties with {@link #fromProperties} using Confluent's property names, so a configuration
 * written for Confluent's serdes works here unchanged.
 */
public final class AvroSerdeConfig {

    /** The registry's base URL. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** {@code user:password} for HTTP basic authentication. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** A static bearer token. */
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    /** Whether the serializer registers a record's schema (default true) or only looks its id up. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

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
     * {@value #BEARER_AUTH_TOKEN}, {@value #AUTO_REGISTER_SCHEMAS}, {@value #KEY_SUBJECT_NAME_STRATEGY},
     * {@value #VALUE_SUBJECT_NAME_STRATEGY} optional) into a config with a caching REST client.
     */
    public static AvroSerdeConfig fromProperties(Map<String, ?> properties, boolean isKey) {
        Object url = properties.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is required");
        }
        RestSchemaRegistryClient.Builder client = RestSchemaRegistryClient.builder().setUrl(url.toString());
        Object userInfo = properties.get(BASIC_AUTH_USER_INFO);
        Object token = properties.get(BEARER_AUTH_TOKEN);
        if (userInfo != null && !userInfo.toString().isEmpty()) {
            String[] parts = userInfo.toString().split(":", 2);
            if (parts.length != 2) {
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
