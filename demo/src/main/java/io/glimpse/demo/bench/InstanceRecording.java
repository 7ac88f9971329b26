package io.glimpse.demo.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The flight recording an instance process runs from its first instant: its collector's pauses and
 * its JIT compilations of {@link JitCompilations#THRESHOLD} or more, which set a one-core instance's
 * latency tail and which the bench cannot see from outside. Only those events are on, so the
 * recording costs the instance next to nothing, and it is on from the JVM's start, so the compiling
 * that turning it on causes falls in the instance's start-up. It is read by dumping it with
 * {@code jcmd} while the instance runs: a dump on exit would be lost with an instance that had to be
 * killed.
 */
final class InstanceRecording {

    private static final String NAME = "glimpse-bench";
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(60);

    private final Path settings;

    private InstanceRecording(Path settings) {
        this.settings = settings;
    }

    /**
     * Writes the recording's settings (a {@code .jfc} file) into a directory.
     *
     * @param dir where the file goes
     * @return the recording, for instances to start with
     * @throws IOException if the file cannot be written
     */
    static InstanceRecording in(Path dir) throws IOException {
        Path settings = dir.resolve(NAME + ".jfc");
        Files.writeString(settings, String.format(Locale.ROOT, """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="Glimpse bench" description="An instance's stalls: collector pauses, long compilations">
                  <event name="jdk.Compilation">
                    <setting name="enabled">true</setting>
                    <setting name="threshold">%d ms</setting>
                  </event>
                  <event name="jdk.GCPhasePause">
                    <setting name="enabled">true</setting>
                    <setting name="threshold">0 ms</setting>
                  </event>
                  <event name="jdk.GarbageCollection">
                    <setting name="enabled">true</setting>
                    <setting name="threshold">0 ms</setting>
                  </event>
                </configuration>
                """, JitCompilations.THRESHOLD.toMillis()), StandardCharsets.UTF_8);
        return new InstanceRecording(settings);
    }

    /**
     * The JVM option that starts the recording with the instance's JVM. In memory only: its few,
     * small events fit the recorder's buffers, and the recorder then neither writes to disk while the
     * instance is measured nor leaves a repository behind an instance that was killed.
     */
    String jvmOption() {
        return "-XX:StartFlightRecording:name=" + NAME + ",settings=" + settings + ",disk=false";
    }

    /**
     * Dumps the recording of a running instance and reads its stalls.
     *
     * @param pid the instance's process
     * @param file where the dump goes (deleted once read)
     * @return every pause and long compilation since the instance started
     * @throws IOException if {@code jcmd} fails or the dump cannot be read
     * @throws InterruptedException if interrupted while {@code jcmd} runs
     */
    Stalls read(long pid, Path file) throws IOException, InterruptedException {
        dump(pid, file);
        try {
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            Map<Long, String> collectors = new HashMap<>();
            events.stream().filter(e -> e.getEventType().getName().equals("jdk.GarbageCollection"))
                    .forEach(e -> collectors.put(e.getLong("gcId"), e.getString("name")));
            List<Stall> pauses = new ArrayList<>();
            List<Stall> compilations = new ArrayList<>();
            for (RecordedEvent event : events) {
                switch (event.getEventType().getName()) {
                    case "jdk.GCPhasePause" -> {
                        long start = event.getStartTime().toEpochMilli();
                        pauses.add(new Stall(start, start + event.getDuration().toMillis(),
                                collectors.getOrDefault(event.getLong("gcId"), "GC") + " pause"));
                    }
                    case "jdk.Compilation" -> compilations.add(JitCompilations.stall(event));
                    default -> { }
                }
            }
            return new Stalls(pauses, compilations);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void dump(long pid, Path file) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "JFR.dump", "name=" + NAME, "filename=" + file)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(DUMP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.isRegularFile(file)) {
            process.destroyForcibly();
            throw new IOException("jcmd could not dump the flight recording of instance " + pid + " to " + file + ": " + output);
        }
    }
}
