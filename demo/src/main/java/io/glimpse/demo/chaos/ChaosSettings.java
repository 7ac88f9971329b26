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

    /**
     * Settings with the harness's fixed choices: frames above 64 KiB are oversize (the cameras send 12 KB),
     * 10 malformed frames per second in a burst, 512 MB of heap per instance.
     *
     * @param dir the working directory
     * @param model the model
     * @param instances app instances
     * @param partitions frames-topic partitions
     * @param cameras simulated cameras
     * @param framesPerSecond per camera
     * @param sessionTimeout the instances' session timeout
     * @param properties further instance settings
     * @return the settings
     */
    public static ChaosSettings of(Path dir, ModelFiles model, int instances, int partitions, int cameras, double framesPerSecond,
            Duration sessionTimeout, Map<String, String> properties) {
        return new ChaosSettings(dir, model, instances, partitions, cameras, framesPerSecond, sessionTimeout, 64 * 1024, 10,
                "512m", properties);
    }

    /**
     * These settings for another instance count, in another working directory.
     *
     * @param count instances
     * @param workDir the working directory
     * @return the settings
     */
    public ChaosSettings withInstances(int count, Path workDir) {
        return new ChaosSettings(workDir, model, count, partitions, cameras, framesPerSecond, sessionTimeout, frameMaxBytes,
                malformedPerSecond, heap, properties);
    }

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
