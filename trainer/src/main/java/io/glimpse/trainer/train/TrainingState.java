package io.glimpse.trainer.train;

/**
 * Where a run stands, saved with every checkpoint so that a resumed run continues with the same
 * batch, the same learning rate and the same random numbers: the engine is reseeded with {@code
 * seed + step} before every batch, so {@code step} is also the random generator's position.
 *
 * @param epoch the epoch in progress (0-based)
 * @param batch the next batch of that epoch
 * @param step batches done over the whole run, skipped ones included
 * @param optimizerSteps updates applied
 * @param skipped steps skipped for a non-finite loss or gradient
 * @param seed the run's seed
 */
public record TrainingState(int epoch, int batch, long step, long optimizerSteps, long skipped, int seed) {

    /**
     * Returns the state at the start of a run.
     *
     * @param seed the run's seed
     * @return epoch 0, batch 0
     */
    public static TrainingState start(int seed) {
        return new TrainingState(0, 0, 0, 0, 0, seed);
    }
}
