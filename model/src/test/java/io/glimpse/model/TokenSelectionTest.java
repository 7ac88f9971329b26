package io.glimpse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenSelectionTest {

    @Test
    void shouldListTheHighestScoresFirst() {
        assertThat(TokenSelection.rank(new float[] {-3f, -0.5f, -2f, -0.1f}, 3)).containsExactly(3, 1, 2);
    }

    @Test
    void shouldKeepIndexOrderAmongEqualScores() {
        assertThat(TokenSelection.rank(new float[] {0f, -1f, 0f, 0f, -1f}, 5)).containsExactly(0, 2, 3, 1, 4);
    }

    @Test
    void shouldTreatNegativeZeroAsZero() {
        assertThat(TokenSelection.rank(new float[] {-0f, 0f, -1e-30f}, 3)).containsExactly(0, 1, 2);
    }

    @Test
    void shouldRankNanAboveEveryNumberAsPyTorchDoes() {
        assertThat(TokenSelection.rank(new float[] {1f, Float.NaN, Float.POSITIVE_INFINITY}, 2)).containsExactly(1, 2);
    }

    @Test
    void shouldRejectKeepingNothingOrMoreThanThereIs() {
        assertThatThrownBy(() -> TokenSelection.rank(new float[] {1f, 2f}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenSelection.rank(new float[] {1f, 2f}, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
