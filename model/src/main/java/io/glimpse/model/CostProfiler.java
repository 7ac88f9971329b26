package io.glimpse.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Measures a {@link CostProfile} by timing whatever runs one batch, over a grid of batch sizes × ρ,
 * within a time budget, so that a serving instance can measure its own machine at start-up.
 *
 * <p>One untimed pass warms every cell up (JIT, engine caches); then timed rounds run every cell once
 * each, alternating as {@code glimpse model bench} does so that drift of a shared machine falls on
 * every cell alike, until the rounds or the budget run out. At least one timed round always runs,
 * so the budget bounds the rounds, not a single pass. Each cell reports the median of its rounds.
 */
public final class CostProfiler {

    private final int[] batchSizes;
    private final double[] keepRatios;
    private final Duration budget;
    private final int maxRounds;
    private final LongSupplier nanoClock;

    private CostProfiler(Builder b) {
        batchSizes = b.batchSizes;
        keepRatios = b.keepRatios;
        budget = b.budget;
        maxRounds = b.maxRounds;
        nanoClock = b.nanoClock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the grid and builds the profile.
     *
     * @param run runs one batch of the given size at the given ρ and returns when it is done
     * @param description what was measured (model, machine), kept in the profile
     * @return the profile
     */
    public CostProfile measure(BatchRun run, String description) {
        long start = nanoClock.getAsLong();
        for (int batch : batchSizes) {
            for (double rho : keepRatios) {
                run.run(batch, rho);
            }
        }
        List<List<Double>> times = new ArrayList<>();
        for (int i = 0; i < batchSizes.length * keepRatios.length; i++) {
            times.add(new ArrayList<>());
        }
        int rounds = 0;
        do {
            int cell = 0;
            for (int batch : batchSizes) {
                for (double rho : keepRatios) {
                    long t0 = nanoClock.getAsLong();
                    run.run(batch, rho);
                    times.get(cell++).add((nanoClock.getAsLong() - t0) / 1e6);
                }
            }
            rounds++;
        } while (rounds < maxRounds && nanoClock.getAsLong() - start < budget.toNanos());
        CostProfile.Builder profile = CostProfile.builder()
                .optDescription(description + "; median of " + rounds + " round" + (rounds == 1 ? "" : "s"));
        int cell = 0;
        for (int batch : batchSizes) {
            for (double rho : keepRatios) {
                profile.addPoint(batch, rho, Math.max(1e-3, median(times.get(cell++))));
            }
        }
        return profile.build();
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    /** Runs one batch; the profiler times the call. */
    @FunctionalInterface
    public interface BatchRun {
        /**
         * Runs one batch to completion.
         *
         * @param batchSize frames in the batch
         * @param keepRatio ρ
         */
        void run(int batchSize, double keepRatio);
    }

    /** Builds a {@link CostProfiler}. */
    public static final class Builder {
        private int[] batchSizes = {1, 4, 16};
        private double[] keepRatios = {0.5, 0.75, 1.0};
        private Duration budget = Duration.ofSeconds(5);
        private int maxRounds = 5;
        private LongSupplier nanoClock = System::nanoTime;

        Builder() {}

        /**
         * Sets the batch sizes of the grid (default 1, 4, 16).
         *
         * @param batchSizes distinct, each at least 1
         * @return this builder
         */
        public Builder optBatchSizes(int... batchSizes) {
            this.batchSizes = Arrays.stream(batchSizes).sorted().distinct().toArray();
            return this;
        }

        /**
         * Sets the keep ratios of the grid (default 0.5, 0.75, 1.0).
         *
         * @param keepRatios distinct, each in (0, 1]
         * @return this builder
         */
        public Builder optKeepRatios(double... keepRatios) {
            this.keepRatios = Arrays.stream(keepRatios).sorted().distinct().toArray();
            return this;
        }

        /**
         * Sets how long timed rounds may go on (default 5 s); the warm-up pass and one timed round
         * always run.
         *
         * @param budget not negative
         * @return this builder
         */
        public Builder optBudget(Duration budget) {
            this.budget = budget;
            return this;
        }

        /**
         * Sets the most timed rounds (default 5).
         *
         * @param maxRounds at least 1
         * @return this builder
         */
        public Builder optMaxRounds(int maxRounds) {
            this.maxRounds = maxRounds;
            return this;
        }

        /**
         * Sets the clock that times the batches (default {@code System::nanoTime}).
         *
         * @param nanoClock nanoseconds
         * @return this builder
         */
        public Builder optClock(LongSupplier nanoClock) {
            this.nanoClock = nanoClock;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the profiler
         */
        public CostProfiler build() {
            if (batchSizes.length == 0 || batchSizes[0] < 1) {
                throw new IllegalArgumentException("Profile batch sizes must be at least 1, got " + Arrays.toString(batchSizes));
            }
            if (keepRatios.length == 0 || !(keepRatios[0] > 0) || keepRatios[keepRatios.length - 1] > 1) {
                throw new IllegalArgumentException("Profile keep ratios must be in (0, 1], got " + Arrays.toString(keepRatios));
            }
            if (budget.isNegative() || maxRounds < 1) {
                throw new IllegalArgumentException("A profile needs a budget of at least 0 and at least one round, got "
                        + budget + " and " + maxRounds);
            }
            return new CostProfiler(this);
        }
    }
}
