package io.glimpse.streams.rho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.streams.inference.KeepRatioPolicy.BatchContext;
import io.glimpse.streams.inference.KeepRatioPolicy.BatchOutcome;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The control law decision by decision, on a scripted clock: one worker, batches of 16, the
 * simulation's profile (a full batch takes 20.2 ms at ρ 1.0, 13.8 ms at ρ 0.5), p99 SLO 250 ms.
 */
class AdaptiveKeepRatioPolicyTest {

    private final long[] now = {0};
    private final long[] lag = {-1};

    private AdaptiveKeepRatioPolicy.Builder builder() {
        return AdaptiveKeepRatioPolicy.builder()
                .setCostProfile(ControllerSimulationTest.profileOf(1.0))
                .optSlo(Duration.ofMillis(250), 99)
                .optClock(() -> now[0])
                .optConsumerLag(() -> lag[0]);
    }

    private static BatchContext backlog(int queued) {
        return new BatchContext(16, queued, 0, 0, 1, 16, 20, queued > 0 ? 20 : 0);
    }

    private void advanceMillis(long millis) {
        now[0] += millis * 1_000_000;
    }

    /** Asks for ρ every 20 ms for a while, with an idle instance, and returns the ρ of each second. */
    private double[] idleSeconds(AdaptiveKeepRatioPolicy policy, int seconds) {
        double[] rho = new double[seconds];
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < 50; i++) {
                advanceMillis(20);
                rho[s] = policy.keepRatio(backlog(0));
            }
        }
        return rho;
    }

    @Test
    void shouldStartAtTheCeilingAndStayThereWhileTheBacklogIsSmall() {
        AdaptiveKeepRatioPolicy policy = builder().build();

        assertThat(policy.keepRatio(backlog(16))).isEqualTo(1.0);
        assertThat(policy.status().predictedMillis()).isLessThan(250);
        assertThat(policy.status().saturated()).isFalse();
    }

    @Test
    void shouldLowerAtOnceToARungWithHeadroomWhenTheBacklogWouldMissTheSlo() {
        AdaptiveKeepRatioPolicy policy = builder().build();

        double rho = policy.keepRatio(backlog(200));

        assertThat(rho).isLessThan(1.0).isGreaterThanOrEqualTo(0.5);
        assertThat(policy.status().predictedMillis()).as("landed with 10 %% headroom").isLessThanOrEqualTo(0.9 * 250);
        assertThat(policy.changes()).isEqualTo(1);
    }

    @Test
    void shouldHoldTheFloorAndReportSaturationWhenEvenTheFloorMissesTheSlo() {
        AdaptiveKeepRatioPolicy policy = builder().build();

        assertThat(policy.keepRatio(backlog(1000))).isEqualTo(0.5);
        assertThat(policy.status().saturated()).isTrue();

        advanceMillis(20);
        policy.keepRatio(backlog(0));
        assertThat(policy.status().saturated()).as("cleared with the backlog").isFalse();
    }

    @Test
    void shouldRaiseOnlyAfterAHoldTimeOfHeadroomAndOneStepAtATime() {
        AdaptiveKeepRatioPolicy policy = builder().build();
        policy.keepRatio(backlog(1000));

        double[] rho = idleSeconds(policy, 7);

        assertThat(rho).as("0.1 per held second, from the floor to the ceiling").containsExactly(0.5, 0.6, 0.7, 0.8, 0.9,
                1.0, 1.0);
    }

    @Test
    void shouldCountAnIdleSpellAsHeadroomAndStopReportingSaturationWhileIdle() {
        AdaptiveKeepRatioPolicy policy = builder().build();
        policy.keepRatio(backlog(1000));
        assertThat(policy.saturated()).isTrue();

        advanceMillis(6_000);

        assertThat(policy.status().saturated()).as("idle for the whole window").isFalse();
        assertThat(policy.status().predictedMillis()).isNaN();
        assertThat(policy.keepRatio(backlog(0))).as("one step at the first batch after the spell").isEqualTo(0.6);
        advanceMillis(500);
        assertThat(policy.keepRatio(backlog(0))).as("the next step waits for a hold time").isEqualTo(0.6);
    }

    @Test
    void shouldNotRaiseWhileMeasuredLatencyMissesTheSlo() {
        AdaptiveKeepRatioPolicy policy = builder().build();
        policy.keepRatio(backlog(1000));
        long[] late = new long[16];
        Arrays.fill(late, 400);
        for (int i = 0; i < 4; i++) {
            policy.batchCompleted(new BatchOutcome(16, 0.5, 13_800_000, new long[16], late));
        }

        double[] rho = idleSeconds(policy, 8);

        assertThat(policy.status().measuredMillis()).as("those frames left the 5-s window").isNaN();
        assertThat(rho[4]).as("vetoed while the late frames are in the window").isEqualTo(0.5);
        assertThat(rho[7]).isGreaterThan(0.5);
    }

    @Test
    void shouldCountTheConsumerLagAsBacklogWhenItIsKnown() {
        AdaptiveKeepRatioPolicy policy = builder().build();

        lag[0] = 400;
        double withLag = policy.keepRatio(backlog(0));

        assertThat(withLag).isLessThan(1.0);
        lag[0] = -1;
        assertThat(builder().build().keepRatio(backlog(0))).as("lag unknown").isEqualTo(1.0);
    }

    @Test
    void shouldLowerWhenArrivalsOutgrowTheCapacityBeforeAQueueBuilds() {
        AdaptiveKeepRatioPolicy policy = builder().build();
        for (int i = 0; i < 1000; i++) {
            advanceMillis(1);
            policy.frameArrived(0);
        }

        double rho = policy.keepRatio(backlog(0));

        assertThat(policy.status().arrivalsPerSecond()).isCloseTo(1000, org.assertj.core.api.Assertions.within(20.0));
        assertThat(rho).as("1,000 frames/s exceeds the 792 of ρ 1.0").isLessThan(0.8);
    }

    @Test
    void shouldLearnAModelSlowerThanProfiledFromTheBatchesThatRan() {
        AdaptiveKeepRatioPolicy policy = builder().build();
        for (int i = 0; i < 100; i++) {
            policy.batchCompleted(new BatchOutcome(16, 1.0, (long) (1.5 * 20.2e6), new long[16], new long[16]));
        }

        assertThat(policy.correction(1.0)).isCloseTo(1.5, org.assertj.core.api.Assertions.within(0.01));
        assertThat(policy.correction(0.5)).as("unseen ρ borrow the global factor").isCloseTo(1.5,
                org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void shouldNeverClimbAboveTheMostAccurateRhoOfTheModelCard() throws Exception {
        AccuracyCurve card = AccuracyCurve.fromCard(Path.of("../models/fashion-video/card.json"));
        AdaptiveKeepRatioPolicy policy = builder().optAccuracy(card).build();

        assertThat(policy.keepRatio(backlog(0))).isEqualTo(0.7);
        assertThat(idleSeconds(policy, 3)).containsOnly(0.7);
        assertThat(policy.status().ceiling()).isEqualTo(0.7);
    }

    @Test
    void shouldRefuseAFloorBelowTheTrainedRangeAndAMissingProfile() {
        AccuracyCurve trained = AccuracyCurve.of(Map.of(0.5, 0.87, 1.0, 0.88), "card");

        assertThatThrownBy(() -> builder().optAccuracy(trained).optRange(0.3, 1.0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below the range the model was trained for");
        assertThatThrownBy(() -> AdaptiveKeepRatioPolicy.builder().build()).hasMessageContaining("cost profile");
    }
}
