package io.glimpse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.deploy.FreePorts;
import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The probes and the runtime meters of a real instance on the real broker: {@code /readyz} answers
 * 503 with its reason until Kafka Streams runs, then 200; {@code /healthz} answers 200 throughout;
 * {@code /metrics} carries the JVM's, the process's and the resident memory's series.
 */
@ExtendWith(GlimpseServersExtension.class)
class HealthEndpointTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void shouldTurnReadyOnlyOnceKafkaStreamsRunsAndServeRuntimeMeters(LocalServers servers, @TempDir Path dir)
            throws Exception {
        try (StreamHarness harness = new StreamHarness(servers, dir, 2)) {
            int port = FreePorts.pick();
            Properties props = harness.appProperties("probed");
            props.put(GlimpseConfig.METRICS_PORT_CONFIG, Integer.toString(port));
            CompletableFuture<GlimpseApp> starting = CompletableFuture.supplyAsync(() -> {
                try {
                    return GlimpseApp.start(new GlimpseConfig(props));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            GlimpseApp app = null;
            try {
                List<String> answers = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (System.nanoTime() < deadline && !answers.contains("200 ready")) {
                    HttpResponse<String> ready = get(port, "/readyz");
                    if (ready != null) {
                        String answer = ready.statusCode() + " " + ready.body().strip();
                        if (answers.isEmpty() || !answers.get(answers.size() - 1).equals(answer)) {
                            answers.add(answer);
                        }
                        assertThat(get(port, "/healthz").statusCode()).as("liveness while starting").isEqualTo(200);
                    }
                    Thread.sleep(2);
                }
                app = starting.get(30, TimeUnit.SECONDS);

                assertThat(answers).as("/readyz answers in order").hasSizeGreaterThanOrEqualTo(2);
                assertThat(answers.get(0)).startsWith("503 not ready: Kafka Streams is ").endsWith(", not RUNNING");
                assertThat(answers.get(answers.size() - 1)).isEqualTo("200 ready");
                assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();

                String metrics = get(port, "/metrics").body();
                assertThat(metrics)
                        .contains("jvm_memory_used_bytes{area=\"heap\"")
                        .contains("jvm_memory_max_bytes")
                        .contains("jvm_gc_")
                        .contains("jvm_threads_live_threads")
                        .contains("process_cpu_usage")
                        .contains("system_cpu_count")
                        .contains("process_uptime_seconds")
                        .contains("glimpse_frames_in_total");
                if (Files.isReadable(Path.of("/proc/self/status"))) {
                    assertThat(metrics).containsPattern("(?m)^process_resident_memory_bytes [1-9][0-9.E]+$");
                }
            } finally {
                if (app == null) {
                    app = starting.get(60, TimeUnit.SECONDS);
                }
                app.close();
            }
            assertThat(get(port, "/healthz")).as("nothing listens after close").isNull();
        }
    }

    /** Answers a GET, or null while nothing listens on the port. */
    private HttpResponse<String> get(int port, String path) throws Exception {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            return null;
        }
    }
}
