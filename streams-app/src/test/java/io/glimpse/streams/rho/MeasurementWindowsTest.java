package io.glimpse.streams.rho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.glimpse.model.CostProfile;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** What the controller measures: arrival rate, latency percentiles, and corrected service times. */
class MeasurementWindowsTest {

    private static final long MS = 1_000_000;

    @Test
    void shouldCountArrivalsOverTheLastWindowOnly() {
        ArrivalRate rate = new ArrivalRate(1000 * MS, 10, 0);
        for (long t = 0; t < 3000; t++) {
            rate.add(t * MS, t < 2000 ? 1 : 3);
        }

        assertThat(rate.perSecond(2999 * MS)).isCloseTo(3000, within(30.0));
        assertThat(rate.perSecond(10_000 * MS)).as("nothing for seconds").isZero();
    }

    @Test
    void shouldNotReadTheFirstFewFramesAsABurst() {
        ArrivalRate rate = new ArrivalRate(1000 * MS, 10, 0);
        rate.add(MS, 5);

        assertThat(rate.perSecond(2 * MS)).as("averaged over half a window").isEqualTo(10);
    }

    @Test
    void shouldGiveExactPercentilesOfTheLatenciesInTheWindow() {
        LatencyWindow window = new LatencyWindow(5000 * MS, 1 << 10);
        for (int i = 1; i <= 100; i++) {
            window.add(0, 1000);
            window.add(6000 * MS, i);
        }

        assertThat(window.percentile(6000 * MS, 99)).as("older samples left the window").isEqualTo(99);
        assertThat(window.percentile(6000 * MS, 50)).isEqualTo(50);
        assertThat(window.count(6000 * MS)).isEqualTo(100);
        assertThat(window.percentile(20_000 * MS, 99)).isNaN();
    }

    @Test
    void shouldForgetTheOldestSamplesBeyondItsCapacity() {
        LatencyWindow window = new LatencyWindow(5000 * MS, 4);
        for (long l : new long[] {900, 1, 2, 3, 4}) {
            window.add(0, l);
        }

        assertThat(window.percentile(0, 100)).isEqualTo(4);
    }

    @Test
    void shouldCorrectAProfileThirtyPercentOffAndMeasureTheNoise() {
        CostProfile profile = ControllerSimulationTest.profileOf(1.0);
        ServiceTimeEstimator times = new ServiceTimeEstimator(profile, 0.05);
        Random random = new Random(5);
        for (int i = 0; i < 400; i++) {
            double truth = profile.predictMillis(16, 0.6) * 1.3 * (1 + 0.2 * random.nextGaussian());
            times.observe(16, 0.6, truth);
        }

        assertThat(times.correction(0.6)).isCloseTo(1.3, within(0.05));
        assertThat(times.correction(0.9)).as("an unseen bucket borrows the global factor").isCloseTo(1.3, within(0.05));
        assertThat(times.meanMillis(8, 0.6)).isCloseTo(1.3 * profile.predictMillis(8, 0.6), within(0.1 * 8));
        assertThat(times.coefficientOfVariation()).isCloseTo(0.2, within(0.06));
    }

    @Test
    void shouldIgnoreAnImpossibleServiceTime() {
        ServiceTimeEstimator times = new ServiceTimeEstimator(ControllerSimulationTest.profileOf(1.0), 0.05);
        times.observe(16, 1.0, 0);
        times.observe(16, 1.0, Double.NaN);

        assertThat(times.observations()).isZero();
        assertThat(times.correction(1.0)).isEqualTo(1);
    }
}
