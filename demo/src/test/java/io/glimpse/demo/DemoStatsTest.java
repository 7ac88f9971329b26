package io.glimpse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.Label;
import io.glimpse.schemas.avro.PatchGrid;
import io.glimpse.schemas.avro.StageKeep;
import io.glimpse.schemas.avro.Timings;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

/** Scoring of results against the ground truth, as the live view and the summary show it. */
class DemoStatsTest {

    private static final long T0 = 1_800_000_000_000L;

    private final GroundTruth truth = new GroundTruth();
    private final DemoStats stats = new DemoStats(truth, T0);

    @Test
    void shouldJudgeEachResultAgainstItsFramesTrueLabelByClassIndex() {
        truth.record(new FrameKey("cam-1", 0), 3);
        truth.record(new FrameKey("cam-1", 1), 3);
        truth.record(new FrameKey("cam-2", 0), 5);

        stats.onResult(result("cam-1", 0, 3, 40), T0 + 100);
        stats.onResult(result("cam-1", 1, 4, 60), T0 + 200);
        stats.onResult(result("cam-2", 0, 5, 50), T0 + 300);
        StatsSnapshot s = stats.snapshot(T0 + 1000);

        assertThat(s.results()).isEqualTo(3);
        assertThat(s.judged()).isEqualTo(3);
        assertThat(s.correct()).isEqualTo(2);
        assertThat(s.unmatched()).isZero();
        assertThat(truth.pending()).isZero();
        assertThat(s.cameras()).extracting(CameraStatus::streamId).containsExactly("cam-1", "cam-2");
        CameraStatus cam1 = s.cameras().get(0);
        assertThat(cam1.results()).isEqualTo(2);
        assertThat(cam1.label()).isEqualTo("class 4");
        assertThat(cam1.match()).isFalse();
        assertThat(cam1.accuracy()).isEqualTo(0.5);
        assertThat(cam1.latencyMillis()).isEqualTo(60);
        assertThat(cam1.keptPercent()).isEqualTo(25.0);
        assertThat(cam1.keepRatio()).isEqualTo(0.5f);
    }

    @Test
    void shouldCountASecondResultForTheSameFrameAsUnmatched() {
        truth.record(new FrameKey("cam-1", 7), 1);

        stats.onResult(result("cam-1", 7, 1, 10), T0 + 100);
        stats.onResult(result("cam-1", 7, 1, 10), T0 + 200);
        StatsSnapshot s = stats.snapshot(T0 + 1000);

        assertThat(s.results()).isEqualTo(2);
        assertThat(s.judged()).isEqualTo(1);
        assertThat(s.unmatched()).isEqualTo(1);
        assertThat(s.cameras().get(0).match()).isNull();
    }

    @Test
    void shouldOrderCamerasByNumberAndCountDeadLetters() {
        for (String cam : List.of("cam-10", "cam-2", "cam-1")) {
            stats.onResult(result(cam, 0, 0, 10), T0 + 100);
        }
        stats.onDeadLetter();

        StatsSnapshot s = stats.snapshot(T0 + 1000);

        assertThat(s.cameras()).extracting(CameraStatus::streamId).containsExactly("cam-1", "cam-2", "cam-10");
        assertThat(s.deadLetters()).isEqualTo(1);
    }

    @Test
    void shouldReportNearestRankPercentilesInMilliseconds() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentile(0.5)).isEqualTo(-1);
        for (int ms = 1; ms <= 100; ms++) {
            h.record(ms);
        }
        h.record(-5);
        h.record(120_000);

        assertThat(h.count()).isEqualTo(102);
        assertThat(h.percentile(0.5)).isEqualTo(50);
        assertThat(h.percentile(0.99)).isEqualTo(100);
        assertThat(h.percentile(1.0)).isEqualTo(120_000);
        assertThat(h.max()).isEqualTo(120_000);
    }

    @Test
    void shouldMeasureTheRecentRateOverCompleteSeconds() {
        for (int i = 0; i < 30; i++) {
            stats.onResult(result("cam-1", i, 0, 10), T0 + 1000 + i * 100L); // 10 per second, seconds 1-3
        }

        assertThat(stats.snapshot(T0 + 4000).resultsPerSecond()).isEqualTo(30 / 4.0);
        assertThat(stats.snapshot(T0 + 4000).averageResultsPerSecond()).isEqualTo(7.5);
    }

    /** A result whose top-1 is {@code top}, at ρ 0.5 on a 4×4 grid, with 4 patches kept at the end. */
    private static FrameResult result(String stream, long seq, int top, long latencyMillis) {
        Instant capture = Instant.ofEpochMilli(T0 + seq);
        return FrameResult.newBuilder()
                .setStreamId(stream)
                .setSequence(seq)
                .setCaptureTime(capture)
                .setResultTime(capture.plusMillis(latencyMillis))
                .setLabels(List.of(new Label(top, "class " + top, 0.6f)))
                .setKeepRatio(0.5f)
                .setModelVersion("test")
                .setPatchGrid(new PatchGrid(4, 4, 16))
                .setKeptTokens(List.of(new StageKeep(1, List.of(0, 1, 2, 3, 4, 5, 6, 7)), new StageKeep(2, List.of(0, 1, 2, 3))))
                .setTimings(new Timings(0L, 0L, latencyMillis * 1000))
                .build();
    }
}
