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
 * SIGKILL while batches are in flight, and is started again. Read-committed consumers must then see
 * exactly one result per frame: frames accepted before the crash come back from the changelogged
 * pending store, and results of aborted transactions never become visible.
 */
@ExtendWith(GlimpseServersExtension.class)
class CrashRecoveryTest {

    private static final List<String> STREAMS = List.of("cam-1", "cam-2", "cam-3", "cam-4");
    private static final int PER_STREAM = 60;

    @Test
    void shouldEmitExactlyOneResultPerFrameWhenKilledMidStreamAndRestarted(LocalServers servers, @TempDir Path dir)
            throws Exception {
        try (StreamHarness harness = new StreamHarness(servers, dir, 4)) {
            Path config = dir.resolve("app.properties");
            Properties props = harness.appProperties("child");
            props.put(StreamsConfigKeys.COMMIT_INTERVAL_MS, "50");
            try (Writer out = Files.newBufferedWriter(config)) {
                props.store(out, "crash test instance");
            }
            List<FrameResult> results = new ArrayList<>();
            Process first = startApp(config, dir.resolve("first.log"));
            sendRound(harness, 0);
            harness.readResultsUntil(results, () -> results.size() >= STREAMS.size(), Duration.ofSeconds(90));

            // A camera feed: rounds of frames keep arriving while the instance is killed and restarted,
            // so frames are always accepted but unanswered when a transaction commits.
            Thread camera = new Thread(() -> {
                for (long seq = 1; seq < PER_STREAM; seq++) {
                    sendRound(harness, seq);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "camera-feed");
            camera.start();
            harness.readResultsUntil(results, () -> results.size() >= 10 * STREAMS.size(), Duration.ofSeconds(90));
            assertThat(results).as("the first instance was processing when killed").hasSizeGreaterThanOrEqualTo(40);
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            int beforeCrash = results.size();

            Process second = startApp(config, dir.resolve("second.log"));
            try {
                camera.join();
                harness.readResultsUntil(results, () -> results.size() >= STREAMS.size() * PER_STREAM, Duration.ofSeconds(120));
            } finally {
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
            }
            harness.readResultsUntil(results, () -> false, Duration.ofSeconds(2));

            assertThat(beforeCrash).isLessThan(STREAMS.size() * PER_STREAM);
            EndToEndTest.assertExactlyOnePerFrame(results, STREAMS, PER_STREAM);
            assertThat(Files.readString(dir.resolve("second.log")))
                    .as("the restarted instance took over frames committed as pending by the killed one")
                    .contains("frames accepted before a crash or rebalance");
        }
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
                        "-Dorg.slf4j.simpleLogger.log.io.glimpse=info",
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
