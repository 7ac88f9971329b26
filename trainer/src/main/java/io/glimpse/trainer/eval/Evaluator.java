package io.glimpse.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.glimpse.clips.ClipSource;
import io.glimpse.clips.Frame;
import io.glimpse.model.CostModel;
import io.glimpse.model.DynamicVit;
import io.glimpse.model.ImageNormalization;
import io.glimpse.model.InferenceOutput;
import io.glimpse.model.KeepSchedule;
import io.glimpse.trainer.data.FrameBatch;
import io.glimpse.trainer.data.FrameBatches;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures models on one fixed set of test frames (the first N frames of the test clips), so
 * every model and every ρ is compared on the same images: accuracy overall and per class, analytic
 * GMACs, measured images per second, and kept-token maps.
 */
public final class Evaluator {

    private final ClipSource test;
    private final List<FrameBatch> batches;
    private final NDManager manager;

    /**
     * Generates the frames once.
     *
     * @param test the test clips (model-size or camera-size)
     * @param frames how many frames
     * @param batchSize frames per forward call
     * @param manager the parent of the per-batch scopes
     */
    public Evaluator(ClipSource test, int frames, int batchSize, NDManager manager) {
        this.test = test;
        this.manager = manager;
        batches = new ArrayList<>();
        FrameBatches.builder().setGenerator(test).setFrameCount(frames).setBatchSize(batchSize).build()
                .forEach(batches::add);
    }

    /**
     * Evaluates a dense model (one point, ρ = 1).
     *
     * @param name the label
     * @param description how it was trained
     * @param model the model
     * @return its entry
     */
    public ModelEntry evaluateDense(String name, String description, DynamicVit model) {
        Evaluation e = Evaluation.run(model, batches, null, manager);
        double gmacs = CostModel.macsPerImage(model.getConfig(), null) / 1e9;
        return new ModelEntry(name, description, List.of(point(1.0, gmacs, e)));
    }

    /**
     * Evaluates a DynamicViT at several keep ratios.
     *
     * @param name the label
     * @param description how it was trained
     * @param model the model
     * @param rhos the ratios
     * @return its entry
     */
    public ModelEntry evaluate(String name, String description, DynamicVit model, double[] rhos) {
        List<ModelEntry.Point> points = new ArrayList<>();
        for (double rho : rhos) {
            Evaluation e = Evaluation.run(model, batches, rho, manager);
            double gmacs = CostModel.macsPerImage(model.getConfig(), KeepSchedule.of(model.getConfig(), rho)) / 1e9;
            points.add(point(rho, gmacs, e));
        }
        return new ModelEntry(name, description, points);
    }

    private static ModelEntry.Point point(double rho, double gmacs, Evaluation e) {
        double[] perClass = new double[e.classCount()];
        for (int c = 0; c < perClass.length; c++) {
            perClass[c] = e.classAccuracy(c);
        }
        return new ModelEntry.Point(rho, gmacs, e.accuracy(), e.imagesPerSecond(), perClass);
    }

    /**
     * Picks test frames for a token-map grid: frame {@code frameIndex} of consecutive clips.
     *
     * @param count how many frames
     * @param frameIndex which frame of each clip
     * @return the frames
     */
    public List<Frame> sampleFrames(int count, int frameIndex) {
        List<Frame> frames = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            frames.add(test.clip(c).getFrames().get(frameIndex));
        }
        return frames;
    }

    /**
     * Runs a student on frames and returns the patches kept after its last stage.
     *
     * @param model the student
     * @param frames the frames
     * @param rho the keep ratio
     * @return one row of the token-map grid
     */
    public TokenMapGrid.Row keptTokens(DynamicVit model, List<Frame> frames, double rho) {
        Frame first = frames.get(0);
        int size = 3 * first.getWidth() * first.getHeight();
        float[] data = new float[frames.size() * size];
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            ImageNormalization.toChw(frame.getPixels(), frame.getWidth(), frame.getHeight(), false, data, i * size);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(data, new Shape(frames.size(), 3, first.getHeight(), first.getWidth()));
            InferenceOutput out = model.infer(x, rho);
            long[] predicted = out.getLogits().argMax(1).toLongArray();
            List<NDArray> stages = out.getKeptOriginal();
            NDArray last = stages.get(stages.size() - 1);
            int k = Math.toIntExact(last.getShape().get(1));
            long[] flat = last.toLongArray();
            long[][] kept = new long[frames.size()][k];
            int[] labels = new int[frames.size()];
            for (int i = 0; i < frames.size(); i++) {
                System.arraycopy(flat, i * k, kept[i], 0, k);
                labels[i] = (int) predicted[i];
            }
            return new TokenMapGrid.Row(rho, kept, labels);
        }
    }

    public int frameCount() {
        int n = 0;
        for (FrameBatch b : batches) {
            n += b.size();
        }
        return n;
    }
}
