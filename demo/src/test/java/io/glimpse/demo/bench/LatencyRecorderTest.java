package io.glimpse.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.Label;
import io.glimpse.schemas.avro.PatchGrid;
import io.glimpse.schemas.avro.StageKeep;
import io.glimpse.schemas.avro.Timings;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

/** Steady-state latency and the split of its tail, from results made up here. */
class LatencyRecorderTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long MEASURED_FROM = T0 + 10_000;

    @Test
    void shouldCountWarmUpFramesButMeasureOnlyTheFramesCapturedAfterIt() {
        LatencyRecorder recorder = new LatencyRecorder(MEASURED_FROM);
        record(recorder, T0 + 1_000, 900, 100, 700, 950);
        for (int i = 0; i < 10; i++) {
            record(recorder, MEASURED_FROM + i, 40, 5, 30, 100);
        }
        recorder.onDeadLetter();

        assertThat(recorder.results()).isEqualTo(11);
        assertThat(recorder.measured()).isEqualTo(10);
        assertThat(recorder.deadLetters()).isEqualTo(1);
        assertThat(recorder.endToEndPercentile(99)).isEqualTo(40);
        assertThat(recorder.visiblePercentile(50)).isEqualTo(100);
        assertThat(recorder.warmUpP99()).isEqualTo(900);
    }

    @Test
    void shouldSplitTheFramesAtOrAboveTheP99IntoQueueInferenceOutsideAndCommit() {
        LatencyRecorder recorder = new LatencyRecorder(MEASURED_FROM);
        // 98 quick frames; two slow ones captured in one window: 20 ms queued, 30 ms of inference,
        // the rest of their 250 ms outside the batcher, and 50 ms until committed and read.
        for (int i = 0; i < 98; i++) {
            record(recorder, MEASURED_FROM + 1_000 + i * 10, 40, 5, 30, 60);
        }
        record(recorder, MEASURED_FROM + 5_000, 250, 20, 30, 300);
        record(recorder, MEASURED_FROM + 5_010, 250, 20, 30, 300);

        LatencyRecorder.Tail tail = recorder.tail(
                List.of(new Stall(MEASURED_FROM + 5_100, MEASURED_FROM + 5_120, "young collection")),
                List.of(new Stall(MEASURED_FROM + 5_255, MEASURED_FROM + 5_300, "tier 4")));

        assertThat(tail.p99Millis()).isEqualTo(250);
        assertThat(tail.frames()).isEqualTo(2);
        assertThat(tail.queuedMillis()).isCloseTo(20, within(1e-9));
        assertThat(tail.inferenceMillis()).isCloseTo(30, within(1e-9));
        assertThat(tail.outsideMillis()).isCloseTo(200, within(1e-9));
        assertThat(tail.commitMillis()).isCloseTo(50, within(1e-9));
        assertThat(tail.windows()).isEqualTo(1);
        assertThat(tail.gcPaused()).as("the pause at 5,100-5,120 ms lies in both slow trips").isEqualTo(2);
        assertThat(tail.jitCompiling()).as("the compilation from 5,255 ms overlaps only the trip ending at 5,260").isEqualTo(1);
    }

    @Test
    void shouldReportNoTailWhenNothingWasMeasured() {
        LatencyRecorder recorder = new LatencyRecorder(MEASURED_FROM);

        assertThat(recorder.endToEndPercentile(99)).isEqualTo(-1);
        assertThat(recorder.tail(List.of(), List.of()).frames()).isZero();
    }

    /** Reports a result captured at a time, with capture → result, its queue and inference, and capture → read. */
    private static void record(LatencyRecorder recorder, long captureMillis, long endToEndMillis, long queuedMillis,
            long inferenceMillis, long visibleMillis) {
        Instant capture = Instant.ofEpochMilli(captureMillis);
        FrameResult result = FrameResult.newBuilder()
                .setStreamId("cam-1")
                .setSequence(captureMillis)
                .setCaptureTime(capture)
                .setResultTime(capture.plusMillis(endToEndMillis))
                .setLabels(List.of(new Label(0, "class 0", 0.6f)))
                .setKeepRatio(0.7f)
                .setModelVersion("test")
                .setPatchGrid(new PatchGrid(4, 4, 16))
                .setKeptTokens(List.of(new StageKeep(1, List.of(0, 1, 2, 3))))
                .setTimings(new Timings(queuedMillis * 1000, inferenceMillis * 1000, endToEndMillis * 1000))
                .build();
        recorder.onResult(result, captureMillis + visibleMillis);
    }
}
