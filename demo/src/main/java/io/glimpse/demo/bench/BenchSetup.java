package io.glimpse.demo.bench;

import io.glimpse.clips.FashionMnist;
import io.glimpse.demo.DemoTopics;
import io.glimpse.demo.LocalGlimpse;
import io.glimpse.demo.ModelFiles;
import io.glimpse.demo.SimulatedCameras;

import org.apache.kafka.common.config.ConfigException;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What every instance and camera feed of the ρ benchmark shares: the servers, the model, the
 * batching and the cameras. Each run gets fresh topics and a fresh instance from here, so runs do
 * not see each other's frames or state. Immutable.
 *
 * @param bootstrapServers the broker
 * @param registryUrl the registry
 * @param model the model files
 * @param imageSize the model's input side
 * @param batchSize the largest batch
 * @param workers inference workers (0: the app's default)
 * @param cameras stream ids the frames are spread over
 * @param partitions partitions of the frames and results topics
 * @param items the test split the cameras replay (loaded once)
 * @param properties further settings of each instance ({@code -D})
 * @param runId distinguishes this benchmark's topics and application ids from earlier ones
 */
record BenchSetup(String bootstrapServers, String registryUrl, ModelFiles model, int imageSize, int batchSize, int workers,
        int cameras, int partitions, FashionMnist items, Map<String, String> properties, String runId) {

    BenchSetup {
        properties = Map.copyOf(properties);
    }

    /**
     * Creates a fresh set of topics.
     *
     * @param what a word for the names
     * @return the topics, created
     * @throws Exception if the broker refuses
     */
    DemoTopics topics(String what) throws Exception {
        DemoTopics topics = DemoTopics.withPrefix("rho-bench-" + runId + "-" + what + "-" + System.nanoTime());
        topics.create(bootstrapServers, partitions);
        return topics;
    }

    /**
     * Fresh cameras: every run replays the same clips in the same order.
     *
     * @return the cameras
     */
    SimulatedCameras newCameras() {
        return SimulatedCameras.builder().optCameras(cameras).optImageSize(imageSize).optItems(items).build();
    }

    /**
     * Says why an instance would refuse settings, without starting one.
     *
     * @param settings keep-ratio settings
     * @return the refusal, or empty when they are accepted
     */
    Optional<String> refusal(Map<String, Object> settings) {
        try {
            builder(DemoTopics.withPrefix("rho-bench-check"), "rho-bench-check", settings)
                    .config(Path.of(System.getProperty("java.io.tmpdir")));
            return Optional.empty();
        } catch (ConfigException | IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Starts an instance on the topics and waits until it runs.
     *
     * @param topics its topics
     * @param applicationId a new id, so it reads its input from the beginning
     * @param settings keep-ratio settings
     * @return the running instance
     * @throws Exception if it does not start
     */
    LocalGlimpse start(DemoTopics topics, String applicationId, Map<String, Object> settings) throws Exception {
        return builder(topics, applicationId, settings).start();
    }

    private LocalGlimpse.Builder builder(DemoTopics topics, String applicationId, Map<String, Object> settings) {
        LocalGlimpse.Builder b = LocalGlimpse.builder()
                .setBootstrapServers(bootstrapServers)
                .setRegistryUrl(registryUrl)
                .setModel(model)
                .optTopics(topics)
                .optBatchSize(batchSize)
                .optWorkers(workers)
                .optApplicationId(applicationId);
        settings.forEach(b::optProperty);
        properties.forEach(b::optProperty);
        return b;
    }
}
