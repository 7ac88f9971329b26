package io.glimpse.streams.rho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.glimpse.model.CostProfile;

import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * The adaptive controller against a simulated instance (one worker, batches of up to 16, 20 ms max
 * wait; a batch costs 1 ms + 0.4–1.2 ms per frame from ρ 0.5 to 1.0, about the shipped student on two
 * cores: 792 frames/s at ρ 1.0, 1159 at ρ 0.5) under a p99 SLO of 250 ms.
 */
class ControllerSimulationTest {

    private static final double SLO = 250;
    private static final double CEILING = 1.0;
    private static final double FLOOR = 0.5;

    /** The simulated machine's true cost of a batch, in ms. */
    static double cost(int batchSize, double rho) {
        return 1.0 + batchSize * (0.4 + 0.8 * rho);
    }

    /** A profile of {@link #cost} on a grid, as bench would write it. */
    static CostProfile profileOf(double scale) {
        CostProfile.Builder b = CostProfile.builder().optDescription("simulated");
        for (int batch : new int[] {1, 4, 8, 16}) {
            for (double rho : new double[] {0.5, 0.75, 1.0}) {
                b.addPoint(batch, rho, cost(batch, rho) * scale);
            }
        }
        return b.build();
    }

    private final QueueSimulator.Clock clock = new QueueSimulator.Clock();

    private AdaptiveKeepRatioPolicy controller(CostProfile profile) {
        return controller(profile, clock);
    }

    private static AdaptiveKeepRatioPolicy controller(CostProfile profile, QueueSimulator.Clock clock) {
        return AdaptiveKeepRatioPolicy.builder()
                .setCostProfile(profile)
                .optRange(FLOOR, CEILING)
                .optSlo(Duration.ofMillis((long) SLO), 99)
                .optClock(clock)
                .build();
    }

    private static double step(double t, double until, double before, double during, double after) {
        return t < until ? before : t < after ? during : before;
    }

    @Test
    void shouldHoldTheSloWithinFiveSecondsOfALoadStepAndReturnToTheCeilingWithinTenSecondsOfItsEnd() {
        AdaptiveKeepRatioPolicy policy = controller(profileOf(1.0));
        QueueSimulator.Result run = QueueSimulator.builder(clock, policy)
                .cost((t, b, rho) -> cost(b, rho))
                .load(t -> t < 20 ? 400 : t < 60 ? 900 : 400)
                .build()
                .run(90);

        assertThat(run.rhoAt(19.9)).as("ρ at 400 frames/s").isEqualTo(CEILING);
        assertThat(run.latencyPercentile(99, 25, 60)).as("p99 from 5 s after the step; run:%s", run.trace()).isLessThanOrEqualTo(SLO);
        assertThat(run.rhoAt(59.9)).as("900 frames/s needs ρ below 0.75").isLessThan(0.75).isGreaterThanOrEqualTo(FLOOR);
        assertThat(run.changes(30, 60)).as("ρ changes at steady load over 30 s").isLessThanOrEqualTo(1);
        assertThat(run.settledAt(CEILING, 60, 90)).as("back at the ceiling").isLessThanOrEqualTo(70);
        assertThat(run.served).as("no frame lost").isEqualTo(run.arrived);
    }

    @Test
    void shouldFollowARampDownToTheRungItNeedsAndNeverBelowTheFloor() {
        AdaptiveKeepRatioPolicy policy = controller(profileOf(1.0));
        QueueSimulator.Result run = QueueSimulator.builder(clock, policy)
                .cost((t, b, rho) -> cost(b, rho))
                .load(t -> t < 60 ? 300 + 800 * t / 60 : 1100)
                .build()
                .run(90);

        assertThat(run.latencyPercentile(99, 0, 90)).as("p99 over the whole ramp; run:%s", run.trace()).isLessThanOrEqualTo(SLO);
        assertThat(run.minRho()).isGreaterThanOrEqualTo(FLOOR);
        assertThat(run.rhoAt(89)).as("1,100 frames/s fits only the lowest rungs").isLessThanOrEqualTo(0.6);
        assertThat(run.changes(0, 90)).as("a ramp lowers ρ a rung at a time, no back and forth").isLessThanOrEqualTo(12);
        assertThat(run.changes(65, 90)).as("steady at the top of the ramp").isLessThanOrEqualTo(1);
        assertThat(policy.status().saturated()).isFalse();
    }

    @Test
    void shouldReportSaturationInABurstBeyondTheFloorLoseNothingAndRecover() {
        AdaptiveKeepRatioPolicy policy = controller(profileOf(1.0));
        boolean[] saturatedSeen = {false};
        QueueSimulator.Result run = QueueSimulator.builder(clock, new SpyingPolicy(policy, saturatedSeen))
                .cost((t, b, rho) -> cost(b, rho))
                .load(t -> step(t, 20, 400, 1500, 23))
                .build()
                .run(60);

        assertThat(saturatedSeen[0]).as("1,500 frames/s is beyond the floor's 1,159").isTrue();
        assertThat(run.minRho()).isEqualTo(FLOOR);
        assertThat(run.served).as("no frame lost").isEqualTo(run.arrived);
        assertThat(run.latencyPercentile(99, 28, 60)).as("p99 from 5 s after the burst; run:%s", run.trace()).isLessThanOrEqualTo(SLO);
        assertThat(run.settledAt(CEILING, 23, 60)).as("back at the ceiling").isLessThanOrEqualTo(23 + 15);
        assertThat(policy.status().saturated()).isFalse();
    }

    @Test
    void shouldNotOscillateOnNoisyServiceTimesAndPoissonArrivals() {
        AdaptiveKeepRatioPolicy policy = controller(profileOf(1.0));
        QueueSimulator.Result run = QueueSimulator.builder(clock, policy)
                .cost((t, b, rho) -> cost(b, rho))
                .load(t -> 850)
                .noise(0.25)
                .poisson(7)
                .build()
                .run(130);

        assertThat(run.latencyPercentile(99, 5, 130)).as("p99; run:%s", run.trace()).isLessThanOrEqualTo(SLO);
        assertThat(run.changes(10, 70)).as("ρ changes in the first steady minute").isLessThanOrEqualTo(4);
        assertThat(run.changes(70, 130)).as("ρ changes in the second steady minute").isLessThanOrEqualTo(4);
        assertThat(run.minRho()).isGreaterThanOrEqualTo(FLOOR);
    }

    @Test
    void shouldConvergeWhenTheProfileIsThirtyPercentTooFast() {
        AdaptiveKeepRatioPolicy policy = controller(profileOf(0.7));
        QueueSimulator.Result run = QueueSimulator.builder(clock, policy)
                .cost((t, b, rho) -> cost(b, rho))
                .load(t -> t < 10 ? 400 : 900)
                .build()
                .run(60);

        assertThat(run.latencyPercentile(99, 15, 60)).isLessThanOrEqualTo(SLO);
        assertThat(run.changes(30, 60)).isLessThanOrEqualTo(1);
        assertThat(policy.correction(run.rhoAt(59))).as("measured over profiled").isCloseTo(1 / 0.7, within(0.1));
    }

    @Test
    void shouldConvergeWhenTheProfileIsThirtyPercentTooSlowAndUseTheRoomItLeaves() {
        AdaptiveKeepRatioPolicy policy = controller(profileOf(1.3));
        QueueSimulator.Result run = QueueSimulator.builder(clock, policy)
                .cost((t, b, rho) -> cost(b, rho))
                .load(t -> t < 10 ? 400 : 900)
                .build()
                .run(60);

        QueueSimulator.Clock referenceClock = new QueueSimulator.Clock();
        AdaptiveKeepRatioPolicy exact = controller(profileOf(1.0), referenceClock);
        QueueSimulator.Result reference = QueueSimulator.builder(referenceClock, exact)
                .cost((t, b, rho) -> cost(b, rho))
                .load(t -> t < 10 ? 400 : 900)
                .build()
                .run(60);

        assertThat(run.latencyPercentile(99, 15, 60)).isLessThanOrEqualTo(SLO);
        assertThat(run.rhoAt(59)).as("the same rung as with an exact profile").isEqualTo(reference.rhoAt(59));
        assertThat(policy.correction(run.rhoAt(59))).isCloseTo(1 / 1.3, within(0.05));
    }

    @Test
    void shouldLowerRhoWhenTheModelBecomesSlowerThanProfiled() {
        AdaptiveKeepRatioPolicy policy = controller(profileOf(1.0));
        QueueSimulator.Result run = QueueSimulator.builder(clock, policy)
                .cost((t, b, rho) -> cost(b, rho) * (t < 30 ? 1.0 : 1.4))
                .load(t -> 600)
                .noise(0.1)
                .build()
                .run(80);

        assertThat(run.rhoAt(29.9)).as("600 frames/s fits the ceiling").isEqualTo(CEILING);
        assertThat(run.latencyPercentile(99, 35, 80)).as("p99 from 5 s after the slowdown").isLessThanOrEqualTo(SLO);
        assertThat(run.rhoAt(79)).isLessThan(CEILING).isGreaterThanOrEqualTo(FLOOR);
        assertThat(run.changes(50, 80)).isLessThanOrEqualTo(2);
    }

    @Test
    void shouldShareTheLoadOverTwoWorkers() {
        AdaptiveKeepRatioPolicy policy = controller(profileOf(1.0));
        QueueSimulator.Result run = QueueSimulator.builder(clock, policy)
                .cost((t, b, rho) -> cost(b, rho))
                .workers(2)
                .load(t -> t < 10 ? 800 : t < 40 ? 1800 : 800)
                .noise(0.1)
                .poisson(3)
                .build()
                .run(60);

        assertThat(run.rhoAt(9.9)).as("two workers carry 800 frames/s at the ceiling").isEqualTo(CEILING);
        assertThat(run.latencyPercentile(99, 15, 40)).isLessThanOrEqualTo(SLO);
        assertThat(run.rhoAt(39.9)).isLessThan(CEILING);
        assertThat(run.settledAt(CEILING, 40, 60)).isLessThanOrEqualTo(50);
    }

    @Test
    void shouldStayAtTheCeilingWithoutAChangeAtLowLoad() {
        AdaptiveKeepRatioPolicy policy = controller(profileOf(1.0));
        QueueSimulator.Result run = QueueSimulator.builder(clock, policy)
                .cost((t, b, rho) -> cost(b, rho))
                .load(t -> 300)
                .noise(0.2)
                .poisson(11)
                .build()
                .run(60);

        assertThat(run.changes(0, 60)).isZero();
        assertThat(run.rhoAt(59)).isEqualTo(CEILING);
        assertThat(run.latencyPercentile(99, 0, 60)).isLessThan(SLO / 2);
    }

    @Test
    void shouldSeeABackPressuredOverloadThroughTheConsumerLag() {
        QueueSimulator[] simulator = new QueueSimulator[1];
        AdaptiveKeepRatioPolicy policy = AdaptiveKeepRatioPolicy.builder()
                .setCostProfile(profileOf(1.0))
                .optSlo(Duration.ofMillis((long) SLO), 99)
                .optClock(clock)
                .optConsumerLag(() -> simulator[0].lag())
                .build();
        simulator[0] = QueueSimulator.builder(clock, policy)
                .cost((t, b, rho) -> cost(b, rho))
                .load(t -> t < 10 ? 400 : t < 50 ? 900 : 400)
                .holdLimit(64)
                .build();
        QueueSimulator.Result run = simulator[0].run(70);

        assertThat(run.latencyPercentile(99, 15, 50)).as("p99 from the topic; run:%s", run.trace()).isLessThanOrEqualTo(SLO);
        assertThat(run.rhoAt(49.9)).isLessThan(0.75);
        assertThat(run.settledAt(CEILING, 50, 70)).isLessThanOrEqualTo(60);
        assertThat(run.served).isEqualTo(run.arrived);
    }

    @Test
    void shouldStillLowerRhoUnderBackPressureWhenTheLagIsUnknown() {
        AdaptiveKeepRatioPolicy policy = controller(profileOf(1.0));
        QueueSimulator.Result run = QueueSimulator.builder(clock, policy)
                .cost((t, b, rho) -> cost(b, rho))
                .load(t -> t < 10 ? 400 : t < 50 ? 900 : 400)
                .holdLimit(64)
                .build()
                .run(70);

        assertThat(run.latencyPercentile(99, 20, 50)).as("p99 from the topic; run:%s", run.trace()).isLessThanOrEqualTo(SLO);
        assertThat(run.rhoAt(49.9)).isLessThan(0.75);
        assertThat(run.served).isEqualTo(run.arrived);
    }

    /** Passes everything through and notes whether the controller ever said it was saturated. */
    private record SpyingPolicy(AdaptiveKeepRatioPolicy policy, boolean[] saturated)
            implements io.glimpse.streams.inference.KeepRatioPolicy {
        @Override
        public double keepRatio(BatchContext batch) {
            double rho = policy.keepRatio(batch);
            saturated[0] |= policy.saturated();
            return rho;
        }

        @Override
        public void frameArrived(long nowMs) {
            policy.frameArrived(nowMs);
        }

        @Override
        public void batchCompleted(BatchOutcome outcome) {
            policy.batchCompleted(outcome);
        }
    }
}
