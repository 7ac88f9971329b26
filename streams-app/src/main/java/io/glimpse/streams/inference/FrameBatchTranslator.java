package io.glimpse.streams.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

import io.glimpse.model.DynamicVitConfig;
import io.glimpse.streams.frames.DecodedFrame;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch of RGB frames into one normalised (B, 3, H, W) tensor plus the batch's keep ratio,
 * and the model's outputs back into plain {@link FrameClassification}s. Runs inside a DJL
 * {@code Predictor}, whose per-call NDManager scopes every array.
 */
final class FrameBatchTranslator implements NoBatchifyTranslator<FrameBatchTranslator.Input, List<FrameClassification>> {

    /** ImageNet statistics, the normalisation the model was trained with. */
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final DynamicVitConfig config;
    private final String version;

    FrameBatchTranslator(DynamicVitConfig config, String version) {
        this.config = config;
        this.version = version;
    }

    /** A batch and the ρ it runs at. */
    static final class Input {
        final List<DecodedFrame> frames;
        final double keepRatio;
        long startNanos;

        Input(List<DecodedFrame> frames, double keepRatio) {
            this.frames = frames;
            this.keepRatio = keepRatio;
        }
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, Input input) {
        input.startNanos = System.nanoTime();
        int b = input.frames.size();
        int h = config.getImageHeight();
        int w = config.getImageWidth();
        int plane = h * w;
        FloatBuffer data = FloatBuffer.allocate(b * 3 * plane);
        float[] out = data.array();
        for (int i = 0; i < b; i++) {
            byte[] rgb = input.frames.get(i).getRgb();
            int base = i * 3 * plane;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    out[base + c * plane + p] = ((rgb[3 * p + c] & 0xff) / 255f - MEAN[c]) / STD[c];
                }
            }
        }
        NDManager manager = ctx.getNDManager();
        NDArray images = manager.create(data, new Shape(b, 3, h, w));
        NDArray rho = manager.create(input.keepRatio);
        ctx.setAttachment("input", input);
        return new NDList(images, rho);
    }

    /** {@inheritDoc} */
    @Override
    public List<FrameClassification> processOutput(TranslatorContext ctx, NDList outputs) {
        Input input = (Input) ctx.getAttachment("input");
        int b = input.frames.size();
        float[] probabilities = outputs.get("logits").softmax(-1).toFloatArray();
        int classes = config.getClassCount();
        List<long[]> stages = new ArrayList<>();
        for (int s = 1; s <= config.getStageCount(); s++) {
            stages.add(outputs.get("keep_orig_stage" + s).toLongArray());
        }
        long micros = (System.nanoTime() - input.startNanos) / 1000;
        List<FrameClassification> results = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            float[] p = new float[classes];
            System.arraycopy(probabilities, i * classes, p, 0, classes);
            List<int[]> kept = new ArrayList<>();
            for (long[] stage : stages) {
                int k = stage.length / b;
                int[] ids = new int[k];
                for (int j = 0; j < k; j++) {
                    ids[j] = (int) stage[i * k + j];
                }
                kept.add(ids);
            }
            results.add(new FrameClassification(p, kept, input.keepRatio, version, micros, b));
        }
        return results;
    }
}
