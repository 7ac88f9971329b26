package io.glimpse.streams.inference;

import java.util.List;

/**
 * What the model said about one frame, as plain Java values (no NDArray leaves a worker): class
 * probabilities, the kept-token map of each stage (original patch ids in kept order), the keep ratio
 * and model version used, and how long the batch's forward pass took.
 */
public final class FrameClassification {

    private final float[] probabilities;
    private final List<int[]> keptPatches;
    private final double keepRatio;
    private final String modelVersion;
    private final long inferenceMicros;
    private final int batchSize;
    private final long queuedMicros;

    /**
     * Creates a classification.
     *
     * @param probabilities softmax over the classes
     * @param keptPatches per stage, original patch ids in kept order
     * @param keepRatio the ρ the batch ran with
     * @param modelVersion the version of the model that ran
     * @param inferenceMicros the batch's preprocessing and forward time
     * @param batchSize the number of frames in the batch
     */
    public FrameClassification(
            float[] probabilities,
            List<int[]> keptPatches,
            double keepRatio,
            String modelVersion,
            long inferenceMicros,
            int batchSize) {
        this(probabilities, keptPatches, keepRatio, modelVersion, inferenceMicros, batchSize, 0);
    }

    private FrameClassification(
            float[] probabilities,
            List<int[]> keptPatches,
            double keepRatio,
            String modelVersion,
            long inferenceMicros,
            int batchSize,
            long queuedMicros) {
        this.probabilities = probabilities.clone();
        this.keptPatches = List.copyOf(keptPatches);
        this.keepRatio = keepRatio;
        this.modelVersion = modelVersion;
        this.inferenceMicros = inferenceMicros;
        this.batchSize = batchSize;
        this.queuedMicros = queuedMicros;
    }

    /**
     * Returns this classification with the time its frame waited for a worker.
     *
     * @param micros from arrival in the batcher to the start of its batch
     * @return a copy
     */
    public FrameClassification withQueuedMicros(long micros) {
        return new FrameClassification(
                probabilities, keptPatches, keepRatio, modelVersion, inferenceMicros, batchSize, micros);
    }

    public long getQueuedMicros() {
        return queuedMicros;
    }

    /**
     * Returns the k most probable class indices, most probable first (ties: lower index first).
     *
     * @param k how many
     * @return at most k indices
     */
    public int[] topClasses(int k) {
        int n = Math.min(k, probabilities.length);
        int[] top = new int[n];
        boolean[] taken = new boolean[probabilities.length];
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int c = 0; c < probabilities.length; c++) {
                if (!taken[c] && (best < 0 || probabilities[c] > probabilities[best])) {
                    best = c;
                }
            }
            taken[best] = true;
            top[i] = best;
        }
        return top;
    }

    public float probability(int classIndex) {
        return probabilities[classIndex];
    }

    public List<int[]> getKeptPatches() {
        return keptPatches;
    }

    public double getKeepRatio() {
        return keepRatio;
    }

    public String getModelVersion() {
        return modelVersion;
    }

    public long getInferenceMicros() {
        return inferenceMicros;
    }

    public int getBatchSize() {
        return batchSize;
    }
}
