package io.glimpse.demo;

import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.streams.GlimpseApp;
import io.glimpse.streams.GlimpseConfig;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A Glimpse instance in this JVM, configured for local servers and a set of {@link DemoTopics},
 * with a throwaway state directory; {@link Builder#start()} returns once its stream thread runs,
 * so whatever is measured next does not include the group's first rebalance.
 */
public final class LocalGlimpse implements AutoCloseable {

    private final GlimpseApp app;
    private final Path stateDir;

    private LocalGlimpse(GlimpseApp app, Path stateDir) {
        this.app = app;
        this.stateDir = stateDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    public GlimpseApp app() {
        return app;
    }

    /** Closes the instance and deletes its state. */
    @Override
    public void close() {
        app.close();
        try {
            Directories.deleteTree(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configures a {@link LocalGlimpse}. */
    public static final class Builder {
        private String bootstrapServers;
        private String registryUrl;
        private DemoTopics topics = DemoTopics.withPrefix("glimpse");
        private ModelFiles model;
        private double keepRatio = 0.7;
        private int batchSize = 16;
        private int workers;
        private String applicationId = "glimpse-demo";
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Map<String, Object> overrides = new HashMap<>();

        private Builder() {}

        public Builder setBootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder setRegistryUrl(String registryUrl) {
            this.registryUrl = registryUrl;
            return this;
        }

        public Builder setModel(ModelFiles model) {
            this.model = model;
            return this;
        }

        /**
         * Sets the topics (default: the application's defaults, {@code glimpse.*}).
         *
         * @param topics the names
         * @return this builder
         */
        public Builder optTopics(DemoTopics topics) {
            this.topics = topics;
            return this;
        }

        /**
         * Sets the keep ratio every batch runs at (default 0.7).
         *
         * @param keepRatio ρ in (0, 1]
         * @return this builder
         */
        public Builder optKeepRatio(double keepRatio) {
            this.keepRatio = keepRatio;
            return this;
        }

        /**
         * Sets the largest batch (default 16); the in-flight limit follows it.
         *
         * @param batchSize frames per inference call, at most
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the inference workers (default 0: one per core, as the app's default).
         *
         * @param workers batches running at once
         * @return this builder
         */
        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /**
         * Sets the Kafka Streams application id (default {@code glimpse-demo}).
         *
         * @param applicationId the id; a new one starts from the beginning of the input
         * @return this builder
         */
        public Builder optApplicationId(String applicationId) {
            this.applicationId = applicationId;
            return this;
        }

        /**
         * Sets any Glimpse or Kafka Streams property, overriding the choices above.
         *
         * @param key the property
         * @param value its value
         * @return this builder
         */
        public Builder optProperty(String key, Object value) {
            overrides.put(key, value);
            return this;
        }

        /**
         * Returns the configuration {@link #start()} uses.
         *
         * @param stateDir the Kafka Streams state directory
         * @return the settings
         */
        public GlimpseConfig config(Path stateDir) {
            if (bootstrapServers == null || registryUrl == null || model == null) {
                throw new IllegalArgumentException("Bootstrap servers, registry URL and model are required");
            }
            Map<String, Object> p = new HashMap<>();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
            p.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
            p.put(GlimpseConfig.INPUT_TOPIC_CONFIG, topics.frames());
            p.put(GlimpseConfig.OUTPUT_TOPIC_CONFIG, topics.results());
            p.put(GlimpseConfig.DLQ_TOPIC_CONFIG, topics.deadLetters());
            p.put(GlimpseConfig.MODEL_CONFIG_CONFIG, model.config().toString());
            p.put(GlimpseConfig.MODEL_WEIGHTS_CONFIG, model.weights().toString());
            p.put(GlimpseConfig.MODEL_LABELS_CONFIG, model.labels().toString());
            p.put(GlimpseConfig.MODEL_VERSION_CONFIG, model.version());
            p.put(GlimpseConfig.KEEP_RATIO_CONFIG, keepRatio);
            p.put(GlimpseConfig.BATCH_MAX_SIZE_CONFIG, batchSize);
            p.put(GlimpseConfig.MAX_IN_FLIGHT_CONFIG, Math.max(64, 4 * batchSize));
            p.put(GlimpseConfig.WORKERS_CONFIG, workers);
            p.putAll(overrides);
            return new GlimpseConfig(p);
        }

        /**
         * Starts the instance and waits until it runs.
         *
         * @return the running instance
         * @throws Exception if the model cannot be loaded or the instance does not reach RUNNING
         */
        public LocalGlimpse start() throws Exception {
            Path stateDir = Files.createTempDirectory("glimpse-state");
            GlimpseApp app = GlimpseApp.start(config(stateDir));
            LocalGlimpse instance = new LocalGlimpse(app, stateDir);
            long deadline = System.nanoTime() + startTimeout.toNanos();
            while (app.streams().state() != KafkaStreams.State.RUNNING) {
                KafkaStreams.State state = app.streams().state();
                if (System.nanoTime() > deadline || state == KafkaStreams.State.ERROR
                        || state == KafkaStreams.State.NOT_RUNNING) {
                    instance.close();
                    throw new IllegalStateException("Glimpse did not start: state " + state);
                }
                Thread.sleep(20);
            }
            return instance;
        }
    }
}
