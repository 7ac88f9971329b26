package io.glimpse.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One demo run on given servers: creates the topics, starts Glimpse in this JVM, reads its results
 * and replays camera clips into it. {@link #stop} stops the cameras, waits for the last results and
 * reports; {@link #close} releases everything (also after a failed start).
 */
public final class Demo implements AutoCloseable {

    private final Builder settings;
    private final GroundTruth truth = new GroundTruth();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private DemoStats stats;
    private FrameProducer producer;
    private ResultReader reader;
    private LocalGlimpse glimpse;
    private DemoSummary summary;

    private Demo(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts everything; the cameras last, once Glimpse runs.
     *
     * @throws Exception if a part does not start; what started is closed by {@link #close}
     */
    public void start() throws Exception {
        Builder s = settings;
        s.topics.create(s.bootstrapServers, s.partitions);
        SimulatedCameras cameras =
                SimulatedCameras.builder().optCameras(s.cameras).optImageSize(s.imageSize).build();
        if (s.swap != null) {
            resources.add(s.swap);
            s.swap.configure(s.glimpse);
        }
        glimpse = s.glimpse.start();
        resources.add(glimpse);
        stats = new DemoStats(truth, System.currentTimeMillis());
        reader = ResultReader.start(s.bootstrapServers, s.registryUrl, s.topics.results(), s.topics.deadLetters(), stats);
        resources.add(reader);
        producer = FrameProducer.builder()
                .setBootstrapServers(s.bootstrapServers)
                .setRegistryUrl(s.registryUrl)
                .setTopic(s.topics.frames())
                .setCameras(cameras)
                .optFramesPerSecond(s.framesPerSecond)
                .optGroundTruth(truth)
                .build();
        resources.add(producer);
        producer.start();
        if (s.swap != null) {
            s.swap.start(s.bootstrapServers, s.registryUrl);
        }
    }

    /**
     * Describes where the model swap stands.
     *
     * @return one line, or empty when the run has no swap
     */
    public String swapStatus() {
        return settings.swap == null || stats == null ? "" : settings.swap.describe(stats.startMillis());
    }

    /**
     * Returns the current statistics.
     *
     * @return a snapshot
     */
    public StatsSnapshot snapshot() {
        return stats.snapshot(System.currentTimeMillis());
    }

    /**
     * Returns the frames sent so far.
     *
     * @return the count
     */
    public long sent() {
        return producer == null ? 0 : producer.sent();
    }

    /**
     * Stops the cameras, waits until every acknowledged frame has its result (or the timeout),
     * then stops Glimpse and the reader. Calling it again returns the same summary.
     *
     * @param drainTimeout how long to wait for the last results
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized DemoSummary stop(Duration drainTimeout) throws InterruptedException {
        if (summary != null) {
            return summary;
        }
        producer.stop();
        long acknowledged = producer.acknowledged();
        boolean drained = reader.awaitResults(acknowledged, drainTimeout);
        StatsSnapshot last = stats.snapshot(System.currentTimeMillis());
        summary = new DemoSummary(last, producer.sent(), acknowledged, truth.pending(), drained);
        close();
        return summary;
    }

    /** Closes every part that started, cameras first. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Demo did not close cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        resources.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Configures a {@link Demo}. */
    public static final class Builder {
        private String bootstrapServers;
        private String registryUrl;
        private DemoTopics topics = DemoTopics.withPrefix("glimpse");
        private int partitions = 4;
        private int cameras = 4;
        private double framesPerSecond = 5;
        private int imageSize = 64;
        private final LocalGlimpse.Builder glimpse = LocalGlimpse.builder();
        private ModelSwap swap;

        private Builder() {}

        /**
         * Publishes a model while the cameras run, for the instance to verify and swap to.
         *
         * @param swap the model and when
         * @return this builder
         */
        public Builder optSwap(ModelSwap swap) {
            this.swap = swap;
            return this;
        }

        /**
         * Sets the servers.
         *
         * @param bootstrapServers the broker
         * @param registryUrl the schema registry
         * @return this builder
         */
        public Builder setServers(String bootstrapServers, String registryUrl) {
            this.bootstrapServers = bootstrapServers;
            this.registryUrl = registryUrl;
            glimpse.setBootstrapServers(bootstrapServers).setRegistryUrl(registryUrl);
            return this;
        }

        /**
         * Sets the model; its input size is the frame size.
         *
         * @param model the files
         * @param imageSize the model's (square) input size
         * @return this builder
         */
        public Builder setModel(ModelFiles model, int imageSize) {
            glimpse.setModel(model);
            this.imageSize = imageSize;
            return this;
        }

        /**
         * Sets the topics (default {@code glimpse.*}).
         *
         * @param topics the names
         * @return this builder
         */
        public Builder optTopics(DemoTopics topics) {
            this.topics = topics;
            glimpse.optTopics(topics);
            return this;
        }

        /**
         * Sets the partitions of the frames and results topics (default 4).
         *
         * @param partitions at least 1
         * @return this builder
         */
        public Builder optPartitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /**
         * Sets the number of cameras (default 4).
         *
         * @param cameras at least 1
         * @return this builder
         */
        public Builder optCameras(int cameras) {
            this.cameras = cameras;
            return this;
        }

        /**
         * Sets each camera's frame rate (default 5).
         *
         * @param framesPerSecond per camera
         * @return this builder
         */
        public Builder optFramesPerSecond(double framesPerSecond) {
            this.framesPerSecond = framesPerSecond;
            return this;
        }

        public Builder optKeepRatio(double keepRatio) {
            glimpse.optKeepRatio(keepRatio);
            return this;
        }

        /**
         * Sets any Glimpse or Kafka Streams property of the instance.
         *
         * @param key the property
         * @param value its value
         * @return this builder
         */
        public Builder optProperty(String key, Object value) {
            glimpse.optProperty(key, value);
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            glimpse.optBatchSize(batchSize);
            return this;
        }

        public Builder optApplicationId(String applicationId) {
            glimpse.optApplicationId(applicationId);
            return this;
        }

        /**
         * Validates and builds; nothing starts yet.
         *
         * @return the demo
         */
        public Demo build() {
            if (bootstrapServers == null || registryUrl == null) {
                throw new IllegalArgumentException("Servers are required");
            }
            if (cameras < 1 || partitions < 1 || !(framesPerSecond > 0)) {
                throw new IllegalArgumentException("Cameras, partitions and frames per second must be positive");
            }
            return new Demo(this);
        }
    }
}
