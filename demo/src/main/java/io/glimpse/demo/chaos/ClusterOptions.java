package io.glimpse.demo.chaos;

import io.glimpse.cli.DurationConverter;
import io.glimpse.demo.ModelFiles;
import io.glimpse.demo.ModelOptions;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The options of the commands that run Glimpse as a cluster of processes: chaos, scale and soak. */
public final class ClusterOptions {

    @Option(names = "--instances", defaultValue = "3", description = "Glimpse instances, each a process (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the frames topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--cameras", defaultValue = "12", description = "Simulated cameras (default ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--fps", defaultValue = "4", description = "Frames per second per camera, where the rate is not measured (default ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--session-timeout", defaultValue = "6s", converter = DurationConverter.class,
            description = "The instances' consumer session timeout (default ${DEFAULT-VALUE}).")
    Duration sessionTimeout;

    @Option(names = "--dir", description = "Working directory: data, state and every log (default: a new temporary one, kept).")
    Path dir;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Set a key of every instance.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Mixin ModelOptions model;

    /**
     * The settings these options describe, creating the working directory.
     *
     * @param prefix the temporary directory's prefix when {@code --dir} is not given
     * @return the settings
     * @throws IOException if the directory or model files cannot be made
     */
    ChaosSettings settings(String prefix) throws IOException {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory(prefix);
        ModelFiles files = model.resolve(work, System.err);
        return ChaosSettings.of(work, files, instances, partitions, cameras, fps, sessionTimeout, properties);
    }
}
