package io.glimpse.streams.rho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.glimpse.streams.inference.KeepRatioPolicy.BatchContext;

import org.junit.jupiter.api.Test;

/** The worst latency of the frames held, played first in first out through the workers (no noise margin). */
class LatencyPredictorTest {

    /** A full batch takes 20.2 ms at ρ 1.0. */
    private final LatencyPredictor predictor =
            new LatencyPredictor(new ServiceTimeEstimator(ControllerSimulationTest.profileOf(1.0), 0.1), 0);

    @Test
    void shouldTakeTheWorstOfTheBatchTheQueueHeadAndTheLastFrame() {
        BatchContext young = new BatchContext(16, 32, 0, 0, 1, 16, 10, 5);
        BatchContext old = new BatchContext(16, 32, 0, 0, 1, 16, 10, 50);

        assertThat(predictor.worstLatencyMillis(young, 1.0, 0)).as("the last frame: three batches").isCloseTo(60.6, within(1e-6));
        assertThat(predictor.worstLatencyMillis(old, 1.0, 0)).as("the queue's head: 50 ms old, done after two batches")
                .isCloseTo(50 + 40.4, within(1e-6));
    }

    @Test
    void shouldServeTheQueueOnEveryWorkerAndAddTheLagBehindIt() {
        BatchContext twoWorkers = new BatchContext(16, 32, 0, 0, 2, 16, 0, 0);

        assertThat(predictor.worstLatencyMillis(twoWorkers, 1.0, 0)).as("the queue's two batches run side by side after ours")
                .isCloseTo(40.4, within(1e-6));
        assertThat(predictor.worstLatencyMillis(twoWorkers, 1.0, 16)).isCloseTo(40.4, within(1e-6));
        assertThat(predictor.worstLatencyMillis(twoWorkers, 1.0, 32)).isCloseTo(60.6, within(1e-6));
    }

    @Test
    void shouldAssumeBatchesRunningElsewhereAreHalfDone() {
        BatchContext busy = new BatchContext(16, 16, 16, 1, 2, 16, 0, 0);

        assertThat(predictor.worstLatencyMillis(busy, 1.0, 0)).isCloseTo(10.1 + 20.2, within(1e-6));
    }

    @Test
    void shouldExtrapolateAVeryLongBacklogAtFullBatchThroughput() {
        BatchContext alone = new BatchContext(16, 0, 0, 0, 1, 16, 0, 0);
        long lag = 16L * 1_000_000;

        assertThat(predictor.worstLatencyMillis(alone, 1.0, lag)).isCloseTo(20.2 * 1_000_001, within(1e-3));
    }

    @Test
    void shouldAddANoiseMarginThatGrowsWithThePercentile() {
        ServiceTimeEstimator times = new ServiceTimeEstimator(ControllerSimulationTest.profileOf(1.0), 0.1);
        BatchContext batch = new BatchContext(16, 0, 0, 0, 1, 16, 0, 0);

        double p99 = new LatencyPredictor(times, NormalQuantile.of(0.99)).worstLatencyMillis(batch, 1.0, 0);

        assertThat(p99).as("2.33 × the 10 %% prior spread").isCloseTo(20.2 * (1 + 2.326 * 0.1), within(0.01));
        assertThat(NormalQuantile.of(0.5)).isCloseTo(0, within(1e-9));
        assertThat(NormalQuantile.of(0.95)).isCloseTo(1.6449, within(1e-4));
        assertThat(NormalQuantile.of(0.001)).isCloseTo(-3.0902, within(1e-4));
    }
}
