package io.glimpse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeepScheduleTest {

    @ParameterizedTest(name = "N0={0}, rho={1} keeps {2}/{3}/{4}")
    @CsvSource({
        "196, 0.7, 137, 96, 67",
        "196, 0.5, 98, 49, 24",
        "64, 0.7, 44, 31, 21",
        "64, 0.5, 32, 16, 8",
        "36, 0.6, 21, 12, 7",
        "36, 0.5, 18, 9, 4",
        "64, 1.0, 64, 64, 64"
    })
    void shouldTruncateN0TimesRhoToThePowerOfTheStage(int n0, double rho, int k1, int k2, int k3) {
        assertThat(KeepSchedule.of(n0, rho, 3).getCounts()).containsExactly(k1, k2, k3);
    }

    @org.junit.jupiter.api.Test
    void shouldComputeRatiosAsPythonDoesInDoublePrecision() {
        // 0.7 ** 2 and 0.7 ** 3 in CPython; the product 196 * 0.48999999999999994 truncates to 96.
        assertThat(KeepSchedule.of(196, 0.7, 3).getRatios())
                .containsExactly(0.7, 0.48999999999999994, 0.3429999999999999);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.5, 1.0000001, 2.0, Double.NaN})
    void shouldRejectKeepRatiosOutsideZeroToOne(double rho) {
        assertThatThrownBy(() -> KeepSchedule.of(64, rho, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 1]");
    }

    @org.junit.jupiter.api.Test
    void shouldRejectAStageThatKeepsNoToken() {
        assertThatThrownBy(() -> KeepSchedule.of(4, 0.3, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keeps 0 of 4 patches at stage 2");
    }
}
