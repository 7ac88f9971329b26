package io.glimpse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.streams.cli.AppCommand;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The exactly-once promise under the worst failure: the app runs as a child process, is killed with
 * SIGKILL while frames it has accepted (their input offsets committed) are still unanswered, and is
 * started again while the cameras keep sending. Read-committed consumers must then see exactly one
 * result per frame: the accepted frames come back from the changelogged pending store, and results
 * of aborted transactions never become visible.
 */
@ExtendWith(GlimpseServersExtension.class)
class CrashRecoveryTest {

    private static final List<String> STREAMS = List.of("cam-1", "cam-2", "cam-3", "cam-4");
    private static final int PER_STREAM = 60;

    @Test
    void shouldEmitExactlyOneResultPerFrameWhenKilledMidStreamAndRestarted(LocalServers servers, @TempDir Path dir)
            throws Exception {
        try (StreamHarness harness = new StreamHarness(servers, dir, 4)) {
            // The first instance accepts frames into a batch that never fills or times out, so every
            // frame it takes is committed as pending and none is answered when it dies.
            Properties stalled = harness.appProperties("child");
            stalled.put(StreamsConfigKeys.COMMIT_INTERVAL_MS, "50");
            stalled.put(GlimpseConfig.BATCH_MAX_SIZE_CONFIG, "1000");
            stalled.put(GlimpseConfig.MAX_IN_FLIGHT_CONFIG, "1000");
            stalled.put(GlimpseConfig.BATCH_MAX_WAIT_MS_CONFIG, "600000");
            Path stalledConfig = write(stalled, dir.resolve("stalled.properties"));
            Path normalConfig = write(harness.appProperties("child"), dir.resolve("app.properties"));

            List<FrameResult> results = new ArrayList<>();
            Process first = startApp(stalledConfig, dir.resolve("first.log"));
            // A camera feed: rounds of frames keep arriving while the instance dies and restarts.
            Thread camera = new Thread(() -> {
                for (long seq = 0; seq < PER_STREAM; seq++) {
                    sendRound(harness, seq);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "camera-feed");
            camera.start();
            int pending = harness.awaitCommittedPendingFrames(40, Duration.ofSeconds(90));
            assertThat(pending)
                    .as("frames committed as accepted but unanswered; first instance log:%n%s", Files.readString(dir.resolve("first.log")))
                    .isGreaterThanOrEqualTo(40);
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            Process second = startApp(normalConfig, dir.resolve("second.log"));
            try {
                camera.join();
                harness.readResultsUntil(results, () -> results.size() >= STREAMS.size() * PER_STREAM, Duration.ofSeconds(120));
            } finally {
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
            }
            harness.readResultsUntil(results, () -> false, Duration.ofSeconds(2));

            EndToEndTest.assertExactlyOnePerFrame(results, STREAMS, PER_STREAM);
            assertThat(Files.readString(dir.resolve("second.log")))
                    .as("the restarted instance took over the frames the killed one had accepted")
                    .contains("frames accepted before a crash or rebalance");
        }
    }

    private static Path write(Properties props, Path file) throws Exception {
        try (Writer out = Files.newBufferedWriter(file)) {
            props.store(out, "crash test instance");
        }
        return file;
    }

    private static void sendRound(StreamHarness harness, long seq) {
        for (String s : STREAMS) {
            harness.send(s, seq);
        }
        harness.flush();
    }

    private static Process startApp(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Dai.djl.offline=true",
                        "-Dglimpse.log.level=info",
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        AppCommand.class.getName(),
                        "run",
                        "--config",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Kafka Streams keys used here, spelled once. */
    private static final class StreamsConfigKeys {
        static final String COMMIT_INTERVAL_MS = org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG;
    }
}
