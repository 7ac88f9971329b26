package io.glimpse.streams.inference;

/**
 * Chooses the keep ratio ρ of the next batch. This is the seam of the load-based controller: a
 * policy sees how far behind the instance is and may trade accuracy for speed (lower ρ); the {@link
 * FrameBatcher} feeds it what happened (frames arriving, batches done) so that it can measure load,
 * service time and latency without a clock of its own in the batcher's hot path.
 *
 * <p>The batcher calls it from stream threads ({@link #frameArrived}) and from its workers ({@link
 * #keepRatio}, {@link #batchCompleted}) at once, so implementations are thread-safe; they must not
 * throw, and never call back into the batcher.
 */
@FunctionalInterface
public interface KeepRatioPolicy {

    /**
     * Chooses ρ for a batch about to run.
     *
     * @param batch the batch and the backlog around it
     * @return ρ in (0, 1]
     */
    double keepRatio(BatchContext batch);

    /**
     * Hears that a frame was accepted (arrival-rate measurement); by default ignored.
     *
     * @param nowMs the caller's wall-clock time of the arrival
     */
    default void frameArrived(long nowMs) {}

    /**
     * Hears that a model call succeeded (service-time and latency measurement); by default ignored.
     * A batch split to isolate a failing frame reports each call that succeeded.
     *
     * @param outcome what ran and how long it took
     */
    default void batchCompleted(BatchOutcome outcome) {}

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
        return batch -> rho;
    }

    /**
     * A batch about to run and the backlog around it, as the batcher sees it when a worker picks the
     * batch up.
     *
     * @param batchSize frames in the batch
     * @param queuedFrames frames accepted behind it and not yet running (the filling batch and
     *     dispatched batches no worker has started)
     * @param runningFrames frames in batches other workers are running now
     * @param runningBatches batches other workers are running now
     * @param workers batches the instance runs at once
     * @param maxBatchSize the most frames in one batch
     * @param batchAgeMs how long the batch's oldest frame has waited since it arrived
     * @param queueAgeMs how long the oldest frame behind the batch has waited; 0 when none
     */
    record BatchContext(
            int batchSize,
            int queuedFrames,
            int runningFrames,
            int runningBatches,
            int workers,
            int maxBatchSize,
            long batchAgeMs,
            long queueAgeMs) {

        /** Checks the counts. */
        public BatchContext {
            if (batchSize < 1 || queuedFrames < 0 || runningFrames < 0 || runningBatches < 0 || workers < 1
                    || maxBatchSize < 1 || batchAgeMs < 0 || queueAgeMs < 0) {
                throw new IllegalArgumentException("Inconsistent batch context: size " + batchSize + ", queued "
                        + queuedFrames + ", running " + runningFrames + " in " + runningBatches + ", workers " + workers
                        + ", max " + maxBatchSize + ", ages " + batchAgeMs + "/" + queueAgeMs + " ms");
            }
        }

        /**
         * Describes a lone batch with nothing around it (tests, fixed policies).
         *
         * @param batchSize frames in the batch
         * @param queuedFrames frames behind it
         * @return the context, one worker, no age
         */
        public static BatchContext of(int batchSize, int queuedFrames) {
            return new BatchContext(batchSize, queuedFrames, 0, 0, 1, Math.max(batchSize, 1), 0, 0);
        }
    }

    /**
     * One model call that succeeded.
     *
     * @param batchSize frames in the call
     * @param keepRatio the ρ it ran with
     * @param serviceNanos wall time of the model call
     * @param queuedMs per frame, from arrival to the start of the batch
     * @param latencyMs per frame, from arrival to its result
     */
    record BatchOutcome(int batchSize, double keepRatio, long serviceNanos, long[] queuedMs, long[] latencyMs) {

        /** Copies the arrays, so the outcome stays as it was reported. */
        public BatchOutcome {
            queuedMs = queuedMs.clone();
            latencyMs = latencyMs.clone();
            if (queuedMs.length != batchSize || latencyMs.length != batchSize) {
                throw new IllegalArgumentException("A batch of " + batchSize + " reports " + queuedMs.length
                        + " queue times and " + latencyMs.length + " latencies");
            }
        }

        /**
         * Returns the queue times.
         *
         * @return a copy
         */
        @Override
        public long[] queuedMs() {
            return queuedMs.clone();
        }

        /**
         * Returns the latencies.
         *
         * @return a copy
         */
        @Override
        public long[] latencyMs() {
            return latencyMs.clone();
        }
    }
}
