package io.glimpse.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void shouldWarmUpLinearlyThenFollowACosineToTheMinimum() {
        LearningRateSchedule s = LearningRateSchedule.warmupCosine(1e-3, 1e-5, 2, 10);
        assertThat(s.at(0)).isZero();
        assertThat(s.at(1)).isCloseTo(5e-4, within(1e-12));
        assertThat(s.at(2)).isCloseTo(1e-3, within(1e-12));
        assertThat(s.at(6)).isCloseTo((1e-3 + 1e-5) / 2, within(1e-12));
        assertThat(s.at(10)).isCloseTo(1e-5, within(1e-12));
        assertThat(s.at(12)).isCloseTo(1e-5, within(1e-12));
    }

    @Test
    void shouldGiveThePredictorsACosineFromLrToMinLr() {
        LearningRateSchedule s = LearningRateSchedule.cosine(1e-3, 1e-5, 30);
        assertThat(s.at(0)).isCloseTo(1e-3, within(1e-12));
        assertThat(s.at(15)).isCloseTo((1e-3 + 1e-5) / 2, within(1e-12));
        assertThat(s.at(30)).isCloseTo(1e-5, within(1e-12));
    }

    @Test
    void shouldHoldTheBackboneAtZeroThenCapItAtOnePercentOfLr() {
        LearningRateSchedule s = LearningRateSchedule.frozenThenScaled(1e-3, 1e-6, 5, 30);
        assertThat(s.at(0)).isZero();
        assertThat(s.at(4.99)).isZero();
        assertThat(s.at(5)).isCloseTo(1e-5, within(1e-15));
        // Late in the run the cosine falls below 0.01·lr and takes over.
        assertThat(s.at(29.9)).isLessThan(1e-5).isPositive();
    }
}
