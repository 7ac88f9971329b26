package io.glimpse.demo.chaos;

import io.glimpse.demo.ModelFiles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a chaos run is set up.
 *
 * @param dir the working directory: data of the broker and registry, instance state, every log
 * @param model the model the instances serve
 * @param instances Glimpse instances, each its own process
 * @param partitions partitions of the frames and results topics
 * @param cameras simulated cameras (stream ids)
 * @param framesPerSecond frames per second of each camera
 * @param sessionTimeout the instances' consumer session timeout
 * @param frameMaxBytes the instances' {@code glimpse.frame.max.bytes}
 * @param malformedPerSecond malformed frames per second during a burst
 * @param heap each instance's maximum heap
 * @param properties further settings of every instance
 */
public record ChaosSettings(Path dir, ModelFiles model, int instances, int partitions, int cameras, double framesPerSecond,
        Duration sessionTimeout, int frameMaxBytes, double malformedPerSecond, String heap, Map<String, String> properties) {

    /** Checks the parts. */
    public ChaosSettings {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(model, "model");
        properties = Map.copyOf(properties);
        if (instances < 1 || partitions < 1 || cameras < 1 || framesPerSecond <= 0) {
            throw new IllegalArgumentException("instances, partitions, cameras and rate must be positive");
        }
    }
}
