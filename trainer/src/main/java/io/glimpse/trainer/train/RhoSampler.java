package io.glimpse.trainer.train;

import java.util.SplittableRandom;

/**
 * The target keep ratio of each distillation batch: fixed, or for ρ-robust training drawn
 * uniformly from a range, so one checkpoint learns every ratio an adaptive controller may pick. A
 * draw depends only on the seed and the step, so a resumed run draws the same ratios.
 */
public final class RhoSampler {

    private final double rho;
    private final double min;
    private final double max;
    private final long seed;

    /**
     * Creates a sampler from a run's configuration.
     *
     * @param config the run (ρ, or ρ range, and seed)
     */
    public RhoSampler(TrainingConfig config) {
        rho = config.getRho();
        min = config.getRhoMin();
        max = config.getRhoMax();
        seed = config.getSeed();
    }

    /**
     * Returns the target ρ of a batch.
     *
     * @param step the run's batch counter
     * @return the fixed ρ, or a uniform draw from [min, max]
     */
    public double at(long step) {
        if (!(min < max)) {
            return rho;
        }
        double u = new SplittableRandom(seed * 1_000_003L + step).nextDouble();
        return min + u * (max - min);
    }
}
