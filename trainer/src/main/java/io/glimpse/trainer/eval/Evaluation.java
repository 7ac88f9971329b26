package io.glimpse.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.InferenceOutput;
import io.glimpse.trainer.data.FrameBatch;

/**
 * Accuracy of a model on a set of frames, overall and per class, with the inference throughput it
 * was measured at (eval mode: with ρ < 1 tokens are really dropped).
 */
public final class Evaluation {

    private final long[] correct;
    private final long[] total;
    private final double seconds;

    private Evaluation(long[] correct, long[] total, double seconds) {
        this.correct = correct;
        this.total = total;
        this.seconds = seconds;
    }

    /**
     * Runs a model over frames.
     *
     * @param model the model
     * @param batches the frames
     * @param rho the keep ratio, or {@code null} for the dense backbone
     * @param manager the parent of each batch's scope
     * @return the counts and the time spent in the model
     */
    public static Evaluation run(DynamicVit model, Iterable<FrameBatch> batches, Double rho, NDManager manager) {
        int classes = model.getConfig().getClassCount();
        long[] correct = new long[classes];
        long[] total = new long[classes];
        long nanos = 0;
        for (FrameBatch batch : batches) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(batch.getData(), new Shape(batch.getShape()));
                long start = System.nanoTime();
                InferenceOutput out = rho == null ? model.inferDense(x) : model.infer(x, rho);
                long[] predicted = out.getLogits().argMax(1).toLongArray();
                nanos += System.nanoTime() - start;
                int[] labels = batch.getLabels();
                for (int i = 0; i < labels.length; i++) {
                    total[labels[i]]++;
                    if (predicted[i] == labels[i]) {
                        correct[labels[i]]++;
                    }
                }
            }
        }
        return new Evaluation(correct, total, nanos / 1e9);
    }

    /**
     * Returns the fraction of frames classified correctly.
     *
     * @return accuracy in [0, 1]
     */
    public double accuracy() {
        long c = 0;
        long t = 0;
        for (int i = 0; i < total.length; i++) {
            c += correct[i];
            t += total[i];
        }
        return t == 0 ? 0 : (double) c / t;
    }

    /**
     * Returns the accuracy of one class.
     *
     * @param label the class
     * @return accuracy in [0, 1], 0 if the class never occurs
     */
    public double classAccuracy(int label) {
        return total[label] == 0 ? 0 : (double) correct[label] / total[label];
    }

    public long frames() {
        long t = 0;
        for (long n : total) {
            t += n;
        }
        return t;
    }

    /**
     * Returns the measured inference throughput (model time only, not frame generation).
     *
     * @return images per second
     */
    public double imagesPerSecond() {
        return seconds == 0 ? 0 : frames() / seconds;
    }

    public int classCount() {
        return total.length;
    }
}
