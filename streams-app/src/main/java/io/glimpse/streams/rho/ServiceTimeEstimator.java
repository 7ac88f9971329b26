package io.glimpse.streams.rho;

import io.glimpse.model.CostProfile;

import java.util.HashMap;
import java.util.Map;

/**
 * Predicts a batch's service time from a {@link CostProfile}, kept current by the batches that
 * actually ran: each completed batch updates an exponentially weighted correction factor (measured
 * over profiled time) for its ρ bucket and for the whole profile, and the spread of those ratios
 * (coefficient of variation). A profile wrong by 30 %, or a machine that became slower, is thus
 * corrected within a few dozen batches; a ρ bucket not yet seen borrows the global factor, so a
 * uniformly slower model is corrected at every ρ from the first batches.
 *
 * <p>Not thread-safe: the controller calls it under its own lock.
 */
final class ServiceTimeEstimator {

    /** Width of a correction bucket in ρ. */
    static final double BUCKET = 0.05;
    private static final double MIN_RATIO = 0.1;
    private static final double MAX_RATIO = 10;
    private static final double PRIOR_VARIANCE = 0.1 * 0.1;

    private final CostProfile profile;
    private final double alpha;
    private final Map<Long, Double> bucketFactors = new HashMap<>();
    private double globalFactor = 1;
    private double variance = PRIOR_VARIANCE;
    private long observations;

    /**
     * Creates an estimator.
     *
     * @param profile the profiled service times
     * @param alpha weight of each new batch in the averages, in (0, 1]
     */
    ServiceTimeEstimator(CostProfile profile, double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("Correction weight must be in (0, 1], got " + alpha);
        }
        this.profile = profile;
        this.alpha = alpha;
    }

    /**
     * Predicts the mean service time.
     *
     * @param batchSize frames
     * @param rho ρ
     * @return milliseconds
     */
    double meanMillis(int batchSize, double rho) {
        return profile.predictMillis(batchSize, rho) * correction(rho);
    }

    /**
     * Returns the correction factor in use at ρ.
     *
     * @param rho ρ
     * @return measured over profiled time (1 before any batch)
     */
    double correction(double rho) {
        return bucketFactors.getOrDefault(bucket(rho), globalFactor);
    }

    /**
     * Returns the relative spread of service times around the prediction.
     *
     * @return standard deviation over mean
     */
    double coefficientOfVariation() {
        return Math.sqrt(variance);
    }

    long observations() {
        return observations;
    }

    /**
     * Learns from a batch that ran.
     *
     * @param batchSize frames
     * @param rho ρ
     * @param millis its measured service time
     */
    void observe(int batchSize, double rho, double millis) {
        if (!(millis > 0) || Double.isInfinite(millis)) {
            return;
        }
        double ratio = clamp(millis / profile.predictMillis(batchSize, rho));
        long bucket = bucket(rho);
        Double seen = bucketFactors.get(bucket);
        double before = seen == null ? globalFactor : seen;
        double residual = ratio / before - 1;
        variance += alpha * (residual * residual - variance);
        // A bucket's first batch starts it from the global factor, not from 1: one noisy batch
        // must not undo what every other bucket has learnt.
        bucketFactors.put(bucket, before + alpha * (ratio - before));
        globalFactor += alpha * (ratio - globalFactor);
        observations++;
    }

    private static double clamp(double ratio) {
        return Math.max(MIN_RATIO, Math.min(MAX_RATIO, ratio));
    }

    private static long bucket(double rho) {
        return Math.round(rho / BUCKET);
    }
}
