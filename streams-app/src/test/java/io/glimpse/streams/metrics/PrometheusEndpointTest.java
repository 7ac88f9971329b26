package io.glimpse.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The probes answer by the readiness they are given, each on the metrics port. */
class PrometheusEndpointTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAnswerReadinessByItsCheckWithTheReasonInOneLine() throws Exception {
        AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.REBALANCING);
        AtomicReference<String> version = new AtomicReference<>();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (PrometheusEndpoint endpoint =
                        PrometheusEndpoint.start(registry, 0, new StreamsReadiness(state::get, version::get))) {
            assertThat(get(endpoint, "/readyz")).isEqualTo("503 not ready: no model loaded\n");
            version.set("v1");
            assertThat(get(endpoint, "/readyz")).isEqualTo("503 not ready: Kafka Streams is REBALANCING, not RUNNING\n");
            state.set(KafkaStreams.State.RUNNING);
            assertThat(get(endpoint, "/readyz")).isEqualTo("200 ready\n");
            state.set(KafkaStreams.State.ERROR);
            assertThat(get(endpoint, "/readyz")).isEqualTo("503 not ready: Kafka Streams is ERROR, not RUNNING\n");
            assertThat(get(endpoint, "/healthz")).isEqualTo("200 ok\n");
        }
    }

    @Test
    void shouldAnswerNotReadyWhenTheCheckItselfFails() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, 0, () -> {
                    throw new IllegalStateException("closed\nstack");
                })) {
            assertThat(get(endpoint, "/readyz"))
                    .isEqualTo("503 not ready: readiness check failed: java.lang.IllegalStateException: closed stack\n");
        }
    }

    @Test
    void shouldServeRuntimeMetersBesideTheApplicationsOwn() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RuntimeMeters runtime = new RuntimeMeters();
                PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, 0, () -> Optional.empty())) {
            runtime.bindTo(registry);
            assertThat(get(endpoint, "/metrics"))
                    .startsWith("200 ")
                    .contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage",
                            "process_uptime_seconds", "jvm_gc_", "glimpse_engine_ndarrays");
        }
    }

    private String get(PrometheusEndpoint endpoint, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
