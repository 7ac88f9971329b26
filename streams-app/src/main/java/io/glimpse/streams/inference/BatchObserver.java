package io.glimpse.streams.inference;

/** Hears about every batch the {@link FrameBatcher} runs; metrics implement it. */
public interface BatchObserver {

    /** Ignores everything. */
    BatchObserver NONE = new BatchObserver() {};

    /**
     * Called after a batch ran.
     *
     * @param size frames in the batch
     * @param keepRatio the ρ it ran with
     * @param inferenceMicros preprocessing and forward time of the batch
     * @param queuedMicros per frame, the time from arrival to the start of the batch
     */
    default void batchCompleted(int size, double keepRatio, long inferenceMicros, long[] queuedMicros) {}

    /**
     * Called when a model call failed; the batcher retries it, or splits the batch to find a frame
     * at fault.
     *
     * @param size frames in the call
     * @param error the failure
     */
    default void batchFailed(int size, Throwable error) {}
}
