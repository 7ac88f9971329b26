package io.glimpse.streams.inference;

/**
 * Chooses the keep ratio ρ of the next batch. This is the seam of the load-based controller: a
 * policy sees how far behind the stream is and may trade accuracy for speed (lower ρ).
 */
@FunctionalInterface
public interface KeepRatioPolicy {

    /**
     * Chooses ρ for a batch about to run.
     *
     * @param batchSize frames in the batch
     * @param waitingFrames frames queued behind it in the instance
     * @return ρ in (0, 1]
     */
    double keepRatio(int batchSize, int waitingFrames);

    /**
     * Returns a policy that always answers the same ratio.
     *
     * @param rho ρ in (0, 1]
     * @return the policy
     */
    static KeepRatioPolicy fixed(double rho) {
        if (!(rho > 0 && rho <= 1)) {
            throw new IllegalArgumentException("Keep ratio must be in (0, 1], got " + rho);
        }
        return (batchSize, waiting) -> rho;
    }
}
