package io.glimpse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Service time by batch size and ρ: interpolation, JSON, and measuring one within a budget. */
class CostProfileTest {

    /** 1 ms + (0.4 + 0.8 ρ) ms per frame, on batch sizes 1, 4, 16 and ρ 0.5, 1.0. */
    private static CostProfile linear() {
        CostProfile.Builder b = CostProfile.builder().optDescription("linear");
        for (int batch : new int[] {1, 4, 16}) {
            for (double rho : new double[] {0.5, 1.0}) {
                b.addPoint(batch, rho, 1 + batch * (0.4 + 0.8 * rho));
            }
        }
        return b.build();
    }

    @Test
    void shouldReturnMeasuredPointsAndInterpolateBetweenThem() {
        CostProfile profile = linear();

        assertThat(profile.predictMillis(4, 1.0)).isCloseTo(5.8, within(1e-9));
        assertThat(profile.predictMillis(8, 0.75)).as("between batch sizes and ρ").isCloseTo(1 + 8 * 1.0, within(1e-9));
        assertThat(profile.predictMillis(10, 0.6)).isCloseTo(1 + 10 * (0.4 + 0.48), within(1e-9));
    }

    @Test
    void shouldExtrapolateLargerBatchesByTheMarginalFrameAndClampElsewhere() {
        CostProfile profile = linear();

        assertThat(profile.predictMillis(32, 1.0)).as("the slope of the last two sizes").isCloseTo(1 + 32 * 1.2, within(1e-9));
        assertThat(profile.predictMillis(8, 0.3)).as("below the lowest ρ: its time").isEqualTo(profile.predictMillis(8, 0.5));
        assertThat(profile.predictMillis(8, 1.0)).isGreaterThan(profile.predictMillis(8, 0.9));
    }

    @Test
    void shouldNeverLetANoisySlopeMakeALargerBatchCheaper() {
        CostProfile noisy = CostProfile.builder().addPoint(8, 1.0, 10).addPoint(16, 1.0, 9).build();

        assertThat(noisy.predictMillis(32, 1.0)).isGreaterThan(noisy.predictMillis(16, 1.0));
    }

    @Test
    void shouldRoundTripThroughJson(@TempDir Path dir) throws Exception {
        CostProfile profile = linear();
        Path file = dir.resolve("profile.json");

        profile.write(file);
        CostProfile read = CostProfile.read(file);

        assertThat(read.getDescription()).isEqualTo("linear");
        assertThat(read.getBatchSizes()).containsExactly(1, 4, 16);
        assertThat(read.getKeepRatios()).containsExactly(0.5, 1.0);
        assertThat(read.predictMillis(10, 0.6)).isEqualTo(profile.predictMillis(10, 0.6));
        assertThat(read.scaled(1.3).predictMillis(10, 0.6)).isCloseTo(1.3 * profile.predictMillis(10, 0.6), within(1e-9));
    }

    @Test
    void shouldRefuseAGridWithAHoleOrAMalformedFile() {
        assertThatThrownBy(() -> CostProfile.builder().addPoint(1, 0.5, 1).addPoint(4, 1.0, 2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch 1 lacks ρ 1.0");
        assertThatThrownBy(() -> CostProfile.fromJson("{\"points\": [{\"batch\": 1, \"rho\": 0.5}]}"))
                .hasMessageContaining("batch, rho and millis");
        assertThatThrownBy(() -> CostProfile.builder().addPoint(1, 0.5, 0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> CostProfile.builder().addPoint(1, 1.5, 1)).hasMessageContaining("(0, 1]");
    }

    @Test
    void shouldMeasureEveryCellAfterAWarmUpPassAndReportTheMedian() {
        long[] now = {0};
        List<String> runs = new ArrayList<>();
        int[] call = {0};
        CostProfile profile = CostProfiler.builder()
                .optBatchSizes(1, 8)
                .optKeepRatios(0.5, 1.0)
                .optMaxRounds(3)
                .optBudget(Duration.ofSeconds(10))
                .optClock(() -> now[0])
                .build()
                .measure((batch, rho) -> {
                    runs.add(batch + "@" + rho);
                    // The third timed round is an outlier the median ignores.
                    double slow = call[0]++ >= 12 ? 5 : 1;
                    now[0] += (long) (slow * (1 + batch * rho) * 1e6);
                }, "fake");

        assertThat(runs).hasSize(4 * 4).startsWith("1@0.5", "1@1.0", "8@0.5", "8@1.0");
        assertThat(profile.predictMillis(8, 1.0)).isCloseTo(9, within(1e-6));
        assertThat(profile.predictMillis(1, 0.5)).isCloseTo(1.5, within(1e-6));
        assertThat(profile.getDescription()).startsWith("fake").contains("3 rounds");
    }

    @Test
    void shouldStopTimingWhenTheBudgetIsSpentButAlwaysTimeOneRound() {
        long[] now = {0};
        int[] calls = {0};
        CostProfile profile = CostProfiler.builder()
                .optBatchSizes(1, 16)
                .optKeepRatios(0.5, 1.0)
                .optMaxRounds(100)
                .optBudget(Duration.ofMillis(1))
                .optClock(() -> now[0])
                .build()
                .measure((batch, rho) -> {
                    calls[0]++;
                    now[0] += 10_000_000;
                }, "slow");

        assertThat(calls[0]).as("warm-up and one timed round of 4 cells").isEqualTo(8);
        assertThat(profile.predictMillis(16, 1.0)).isCloseTo(10, within(1e-6));
    }
}
