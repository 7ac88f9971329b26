package io.glimpse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.model.DynamicVit;
import io.glimpse.schemas.avro.FrameResult;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames in, results out, through the real broker and registry with the real model: every frame gets
 * exactly the answer the model gives it directly, per-stream order holds, bad frames are dead
 * letters, and a second instance joining mid-stream neither loses nor repeats a frame.
 */
@ExtendWith(GlimpseServersExtension.class)
class EndToEndTest {

    @Test
    void shouldAnswerEveryFrameAsTheModelDoesInFrameOrder(LocalServers servers, @TempDir Path dir) throws Exception {
        try (StreamHarness harness = new StreamHarness(servers, dir, 4);
                GlimpseApp app = GlimpseApp.start(new GlimpseConfig(withMetricsPort(harness.appProperties("a"))))) {
            List<String> streams = List.of("cam-1", "cam-2", "cam-3");
            for (long seq = 0; seq < 20; seq++) {
                for (String s : streams) {
                    harness.send(s, seq);
                }
            }
            harness.sendRaw("cam-9", "not avro".getBytes(StandardCharsets.UTF_8));
            harness.flush();

            List<FrameResult> results = harness.readResultsUntil(new ArrayList<>(), () -> false, Duration.ZERO);
            harness.readResultsUntil(results, () -> results.size() >= 60, Duration.ofSeconds(90));

            assertThat(results).hasSize(60);
            try (DynamicVit model = DynamicVit.load(TinyModel.CONFIG, harness.model.weights)) {
                for (FrameResult r : results) {
                    TinyModel.Expected expected =
                            TinyModel.expected(model, StreamHarness.pixels(r.getStreamId(), r.getSequence()), 0.7);
                    assertThat(r.getLabels().get(0).getClassIndex()).isEqualTo(expected.classIndex);
                    assertThat(r.getLabels().get(0).getName()).isEqualTo("label-" + expected.classIndex);
                    assertThat(r.getKeptTokens()).hasSize(2);
                    assertThat(r.getKeptTokens().get(1).getPatchIds()).isEqualTo(expected.lastStageKept);
                    assertThat(r.getModelVersion()).isEqualTo("tiny-random-11");
                }
            }
            for (String s : streams) {
                assertThat(results.stream().filter(r -> r.getStreamId().equals(s)).map(FrameResult::getSequence))
                        .as("results of %s in frame order", s)
                        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
            }
            List<ConsumerRecord<byte[], byte[]>> dead = harness.readDeadLetters(1, Duration.ofSeconds(30));
            assertThat(dead).hasSize(1);
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro");

            String metrics = scrape(app.metricsPort());
            assertThat(metrics)
                    .contains("glimpse_frames_in_total 61.0")
                    .contains("glimpse_frames_out_total 60.0")
                    .contains("glimpse_frames_dead_letter_total{reason=\"UNDECODABLE\"} 1.0")
                    .contains("glimpse_batch_size_bucket{le=\"8.0\"}")
                    .contains("glimpse_batch_size_sum 60.0")
                    .contains("glimpse_end_to_end_seconds_bucket")
                    .contains("glimpse_keep_ratio 0.7")
                    .contains("glimpse_model_info{precision=\"fp32\",version=\"tiny-random-11\"} 1")
                    .contains("kafka_consumer_fetch_manager_records_lag");
        }
    }

    private static java.util.Properties withMetricsPort(java.util.Properties props) {
        props.put(GlimpseConfig.METRICS_PORT_CONFIG, "0");
        return props;
    }

    private static String scrape(int port) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void shouldNeitherLoseNorRepeatAFrameWhenASecondInstanceJoinsMidStream(LocalServers servers, @TempDir Path dir)
            throws Exception {
        try (StreamHarness harness = new StreamHarness(servers, dir, 4)) {
            List<FrameResult> results = new ArrayList<>();
            List<String> streams = List.of("cam-1", "cam-2", "cam-3", "cam-4");
            try (GlimpseApp first = GlimpseApp.start(new GlimpseConfig(harness.appProperties("first")))) {
                sendRange(harness, streams, 0, 25);
                harness.readResultsUntil(results, () -> results.size() >= 40, Duration.ofSeconds(90));
                try (GlimpseApp second = GlimpseApp.start(new GlimpseConfig(harness.appProperties("second")))) {
                    sendRange(harness, streams, 25, 50);
                    harness.readResultsUntil(results, () -> results.size() >= 200, Duration.ofSeconds(120));
                }
            }
            assertExactlyOnePerFrame(results, streams, 50);
        }
    }

    private static void sendRange(StreamHarness harness, List<String> streams, long from, long to) {
        for (long seq = from; seq < to; seq++) {
            for (String s : streams) {
                harness.send(s, seq);
            }
        }
        harness.flush();
    }

    /**
     * Every frame of every stream answered once, in order. A frame answered twice is reported with the
     * answer time of each copy: equal times are one record read twice, different times two records.
     */
    static void assertExactlyOnePerFrame(List<FrameResult> results, List<String> streams, long perStream) {
        Map<String, List<Long>> byStream = new HashMap<>();
        Map<String, List<Instant>> answerTimes = new LinkedHashMap<>();
        for (FrameResult r : results) {
            answerTimes.computeIfAbsent(r.getStreamId() + "#" + r.getSequence(), k -> new ArrayList<>()).add(r.getResultTime());
            byStream.computeIfAbsent(r.getStreamId(), k -> new ArrayList<>()).add(r.getSequence());
        }
        Map<String, List<Instant>> duplicates = new LinkedHashMap<>(answerTimes);
        duplicates.values().removeIf(times -> times.size() == 1);
        assertThat(duplicates).as("frames answered more than once, with the answer time of each copy").isEmpty();
        for (String s : streams) {
            assertThat(byStream.get(s))
                    .as("every frame of %s exactly once, in order", s)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, perStream).boxed().toList());
        }
    }
}
