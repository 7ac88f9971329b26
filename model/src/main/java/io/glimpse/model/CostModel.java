package io.glimpse.model;

/**
 * Analytic multiply-accumulate count of one image's eval forward (matmuls and the patch convolution
 * only; norms, activations, softmax and pooling are not counted), as the reference spec defines it.
 *
 * <p>It is the yardstick for speed-ups: a ρ whose measured speed-up falls short of its MAC ratio is
 * losing time somewhere other than arithmetic.
 */
public final class CostModel {

    private CostModel() {}

    /**
     * Counts MACs per image.
     *
     * @param config the model
     * @param schedule the keep schedule, or {@code null} for the dense backbone
     * @return multiply-accumulates per image
     */
    public static double macsPerImage(DynamicVitConfig config, KeepSchedule schedule) {
        double c = config.getEmbeddingSize();
        double n0 = config.getPatchCount();
        double macs = n0 * config.getChannels() * config.getPatchSize() * config.getPatchSize() * c;
        macs += c * config.getClassCount();
        int[] pruneAt = config.getPruneAt();
        double patches = n0;
        int stage = 0;
        for (int i = 0; i < config.getDepth(); i++) {
            if (schedule != null && stage < pruneAt.length && pruneAt[stage] == i) {
                macs += patches * (c * c + c * (c / 2) + (c / 2) * (c / 4) + (c / 4) * 2);
                patches = schedule.getCount(stage);
                stage++;
            }
            macs += block(patches + 1, c, config.getMlpHiddenSize());
        }
        return macs;
    }

    private static double block(double n, double c, double hidden) {
        return n * c * (3 * c + c + 2 * hidden) + 2 * n * n * c;
    }
}
