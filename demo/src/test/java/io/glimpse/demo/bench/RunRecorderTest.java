package io.glimpse.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.glimpse.demo.FrameKey;
import io.glimpse.demo.GroundTruth;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.Label;
import io.glimpse.schemas.avro.PatchGrid;
import io.glimpse.schemas.avro.StageKeep;
import io.glimpse.schemas.avro.Timings;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

/** The per-phase and per-second statistics of a run, from frames and results made up here. */
class RunRecorderTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long SLO = 100;

    private RunRecorder recorder;

    @BeforeEach
    void setUp() {
        recorder = new RunRecorder(LoadProfile.parse("1x:10s,2x:10s"), SLO, new GroundTruth(), T0);
        // Phase 0: four frames at 1 s; phase 1: two at 12 s. True class = sequence % 3.
        for (int seq = 0; seq < 4; seq++) {
            send(seq, T0 + 1000);
        }
        send(4, T0 + 12_000);
        send(5, T0 + 12_000);
        // Phase 0: in time and right, late and right, in time and wrong (at ρ 0.5); seq 3 never answered.
        recorder.onResult(result(0, T0 + 1000, 50, 0, 1.0f), T0 + 1100);
        recorder.onResult(result(1, T0 + 1000, 150, 1, 1.0f), T0 + 1200);
        recorder.onResult(result(2, T0 + 1000, 80, 0, 0.5f), T0 + 1300);
        // Phase 1: answered twice; answered only after the profile ended.
        recorder.onResult(result(4, T0 + 12_000, 40, 1, 0.5f), T0 + 12_100);
        recorder.onResult(result(4, T0 + 12_000, 40, 1, 0.5f), T0 + 12_200);
        recorder.onResult(result(5, T0 + 12_000, 13_000, 2, 0.5f), T0 + 25_000);
        for (int s = 0; s < 20; s++) {
            recorder.sample(s, new ControllerGauges(0.7, s == 12 || s == 13 ? 1.0 : 0.0, null, null, 100.0));
        }
    }

    @Test
    void shouldReportRatesLatencyAndRhoPerPhase() {
        PhaseReport p = recorder.phases().get(0);

        assertThat(p.phase()).isEqualTo("1x:10s");
        assertThat(p.framesSent()).isEqualTo(4);
        assertThat(p.framesAcknowledged()).isEqualTo(4);
        assertThat(p.offeredRate()).isEqualTo(0.4);
        assertThat(p.achievedRate()).isEqualTo(0.3);
        assertThat(p.framesAnswered()).isEqualTo(3);
        assertThat(p.p50Millis()).isEqualTo(80);
        assertThat(p.p99Millis()).isEqualTo(150);
        assertThat(p.meanKeepRatio()).isCloseTo(2.5 / 3, within(1e-6));
        assertThat(p.keepRatioShares()).containsExactly(
                entry("1.00", 2.0 / 3), entry("0.50", 1.0 / 3));
    }

    @Test
    void shouldJudgeAccuracyAndEffectiveAccuracyAgainstTheSlo() {
        PhaseReport p = recorder.phases().get(0);

        assertThat(p.accuracy()).isEqualTo(2.0 / 3);
        // Only seq 0 is right within 100 ms, out of four frames acknowledged (the lost one counts against).
        assertThat(p.effectiveAccuracy()).isEqualTo(1.0 / 4);
    }

    @Test
    void shouldCountLostAndDuplicatedFramesInTheirPhase() {
        List<PhaseReport> phases = recorder.phases();

        assertThat(phases.get(0).lost()).isEqualTo(1);
        assertThat(phases.get(0).duplicated()).isZero();
        assertThat(phases.get(1).lost()).isZero();
        assertThat(phases.get(1).duplicated()).isEqualTo(1);
        assertThat(recorder.answered()).isEqualTo(5);
        assertThat(recorder.duplicated()).isEqualTo(1);
    }

    @Test
    void shouldCountOnlyResultsReadWhileThePhaseRanAsAchieved() {
        PhaseReport p = recorder.phases().get(1);

        assertThat(p.achievedRate()).isEqualTo(0.2);
        assertThat(p.framesAnswered()).isEqualTo(2);
        assertThat(recorder.drainSeconds()).isEqualTo(5.0);
    }

    @Test
    void shouldSummariseLagAndSaturationPerPhase() {
        List<PhaseReport> phases = recorder.phases();

        // Lag is frames sent minus frames answered, whenever sampled: 6 - 5.
        assertThat(phases.get(1).lagMax()).isEqualTo(1);
        assertThat(phases.get(0).saturatedSeconds()).isZero();
        assertThat(phases.get(1).saturatedSeconds()).isEqualTo(2);
    }

    @Test
    void shouldLeaveSaturationUnknownWithoutTheGauge() {
        RunRecorder fixed = new RunRecorder(LoadProfile.parse("1x:2s"), SLO, new GroundTruth(), T0);
        fixed.sample(0, ControllerGauges.NONE);

        assertThat(fixed.phases().get(0).saturatedSeconds()).isNull();
    }

    @Test
    void shouldKeepATimelineBySecond() {
        List<SecondSample> timeline = recorder.timeline();

        assertThat(timeline).hasSizeGreaterThanOrEqualTo(26);
        SecondSample one = timeline.get(1);
        assertThat(one.offered()).isEqualTo(4);
        assertThat(one.achieved()).isEqualTo(3);
        assertThat(one.p99Millis()).isEqualTo(150);
        assertThat(one.meanKeepRatio()).isCloseTo(2.5 / 3, within(1e-6));
        assertThat(one.gauges().chosenKeepRatio()).isEqualTo(0.7);
        assertThat(timeline.get(0).p99Millis()).isNull();
        assertThat(timeline.get(25).achieved()).isEqualTo(1);
    }

    private void send(long seq, long captureMillis) {
        FrameKey key = new FrameKey("cam-1", seq);
        recorder.sent(key, (int) (seq % 3), captureMillis);
        recorder.acknowledged(captureMillis);
    }

    private static FrameResult result(long seq, long captureMillis, long latencyMillis, int top, float keepRatio) {
        Instant capture = Instant.ofEpochMilli(captureMillis);
        return FrameResult.newBuilder()
                .setStreamId("cam-1")
                .setSequence(seq)
                .setCaptureTime(capture)
                .setResultTime(capture.plusMillis(latencyMillis))
                .setLabels(List.of(new Label(top, "class " + top, 0.6f)))
                .setKeepRatio(keepRatio)
                .setModelVersion("test")
                .setPatchGrid(new PatchGrid(4, 4, 16))
                .setKeptTokens(List.of(new StageKeep(1, List.of(0, 1, 2, 3))))
                .setTimings(new Timings(0L, 0L, latencyMillis * 1000))
                .build();
    }
}
