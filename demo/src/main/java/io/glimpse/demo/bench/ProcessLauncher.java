package io.glimpse.demo.bench;

import io.glimpse.demo.Directories;
import io.glimpse.demo.LocalGlimpse;
import io.glimpse.demo.chaos.AppInstance;
import io.glimpse.deploy.FreePorts;
import io.glimpse.streams.GlimpseConfig;

import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Starts each instance as its own JVM ({@code glimpse app run --config FILE}), as production runs one:
 * the launcher's JVM options ({@code -Dai.djl.offline=true} and {@code GLIMPSE_JAVA_OPTS}; the JVM's
 * own choice of heap and collector) and its {@code OMP_NUM_THREADS} (the instance's CPU count), and
 * pinned to its CPUs from its first instruction, so that the JVM sizes its collector, its compiler
 * threads and the app its workers for those CPUs, as under {@code taskset -c CPUS ./glimpse app run}.
 * Each instance also runs an {@link InstanceRecording} of its stalls. Settings, logs and state go to
 * a directory that {@link #close()} deletes.
 */
final class ProcessLauncher implements InstanceLauncher {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final CpuList cpus;
    private final Path dir;
    private final InstanceRecording recording;
    private final List<String> jvmOptions;
    private int started;

    private ProcessLauncher(CpuList cpus, Path dir, InstanceRecording recording, List<String> jvmOptions) {
        this.cpus = cpus;
        this.dir = dir;
        this.recording = recording;
        this.jvmOptions = jvmOptions;
    }

    /**
     * Creates a launcher of instances on the given CPUs.
     *
     * @param cpus where every instance runs
     * @return the launcher
     * @throws IOException if its directory cannot be made
     */
    static ProcessLauncher on(CpuList cpus) throws IOException {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("An instance needs at least one CPU");
        }
        Path dir = Files.createTempDirectory("glimpse-bench-instances");
        InstanceRecording recording = InstanceRecording.in(dir);
        List<String> options = new ArrayList<>(launcherOptions());
        options.add(recording.jvmOption());
        return new ProcessLauncher(cpus, dir, recording, List.copyOf(options));
    }

    /** The options {@code ./glimpse} adds to every JVM it starts, besides {@code -Dai.djl.offline=true}. */
    private static List<String> launcherOptions() {
        String opts = System.getenv().getOrDefault("GLIMPSE_JAVA_OPTS", "").strip();
        return opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+"));
    }

    /** {@inheritDoc} */
    @Override
    public MeasuredInstance start(LocalGlimpse.Builder settings) throws Exception {
        String name = "instance-" + ++started;
        Path home = dir.resolve(name);
        Map<String, Object> config = settings.config(home.resolve("state")).originals();
        int metricsPort = FreePorts.pick();
        Properties p = new Properties();
        config.forEach((key, value) -> p.setProperty(key, String.valueOf(value)));
        p.setProperty(GlimpseConfig.METRICS_PORT_CONFIG, Integer.toString(metricsPort));
        p.setProperty(GlimpseConfig.INSTANCE_ID_CONFIG, name);
        AppInstance app = new AppInstance(name, p, metricsPort, jvmOptions, Map.of("OMP_NUM_THREADS", Integer.toString(cpus.size())), home);
        // A child process starts with the CPUs of the thread that starts it.
        CpuPinning.onCpus(cpus.toString(), () -> {
            app.start();
            return null;
        });
        try {
            app.awaitReady(READY_TIMEOUT);
        } catch (Exception e) {
            app.close();
            throw new IllegalStateException(name + " did not become ready; its log ends:\n" + tail(app.log()), e);
        }
        return new InstanceProcess(app, config.get(StreamsConfig.APPLICATION_ID_CONFIG).toString(), recording, home);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** {@inheritDoc} */
    @Override
    public boolean sharesOneJvm() {
        return false;
    }

    /** {@inheritDoc} */
    @Override
    public String cpus() {
        return cpus.toString();
    }

    /** Deletes the instances' settings, logs and state. */
    @Override
    public void close() {
        delete(dir);
    }

    /**
     * Deletes a directory and everything under it, as far as it can.
     *
     * @param dir the directory
     */
    static void delete(Path dir) {
        try {
            Directories.deleteTree(dir);
        } catch (IOException e) {
            // Left in the temporary directory.
        }
    }
}
