package io.glimpse.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DynamicViT's prediction module (official {@code PredictorLG}): scores how much each patch token is
 * worth keeping from its own features and a global summary of the tokens still kept.
 *
 * <p>Shapes: tokens (B, N, E), mask (B, N, 1); output (B, N, 2) log-probabilities, column 0 =
 * keep, column 1 = drop. The layer layout mirrors the official {@code in_conv} (LayerNorm with
 * eps 1e-5, Linear E→E, GELU) and {@code out_conv} (Linear E→E/2, GELU, Linear E/2→E/4, GELU,
 * Linear E/4→2, LogSoftmax), state-dict indices included.
 */
public final class KeepPredictor extends ShapedBlock {

    private static final byte VERSION = 1;
    private static final float MIN_MASS = 1e-12f;

    private final int embeddingSize;
    private final LayerNormLayer norm;
    private final LinearLayer inLinear;
    private final LinearLayer out0;
    private final LinearLayer out2;
    private final LinearLayer out4;

    /**
     * Creates a predictor.
     *
     * @param embeddingSize E, even
     * @param epsilon the LayerNorm epsilon (1e-5 in the official code)
     */
    public KeepPredictor(int embeddingSize, float epsilon) {
        super(VERSION);
        this.embeddingSize = embeddingSize;
        ModuleList<ShapedBlock> in = addChildBlock("in_conv", new ModuleList<>());
        norm = (LayerNormLayer) in.add(0, new LayerNormLayer(embeddingSize, epsilon));
        inLinear = (LinearLayer) in.add(1, new LinearLayer(embeddingSize, embeddingSize, true));
        ModuleList<LinearLayer> out = addChildBlock("out_conv", new ModuleList<>());
        out0 = out.add(0, new LinearLayer(embeddingSize, embeddingSize / 2, true));
        out2 = out.add(2, new LinearLayer(embeddingSize / 2, embeddingSize / 4, true));
        out4 = out.add(4, new LinearLayer(embeddingSize / 4, 2, true));
    }

    /**
     * Scores tokens.
     *
     * @param ps the parameter store
     * @param x patch tokens (B, N, E), cls excluded
     * @param mask current keep decisions (B, N, 1), or {@code null} when every token counts
     *     (inference)
     * @return log-probabilities (B, N, 2)
     */
    public NDArray apply(ParameterStore ps, NDArray x, NDArray mask) {
        Shape s = x.getShape();
        long n = s.get(1);
        int half = embeddingSize / 2;
        NDArray h = Activation.gelu(inLinear.apply(ps, norm.apply(ps, x)));
        NDArray local = h.get(new NDIndex(":, :, :{}", half));
        NDArray global = h.get(new NDIndex(":, :, {}:", half));
        NDArray pooled;
        if (mask == null) {
            pooled = global.sum(new int[] {1}, true).div(n);
        } else {
            // Official code divides by sum(mask), which is 0/0 = NaN once every token is dropped.
            pooled =
                    global.mul(mask)
                            .sum(new int[] {1}, true)
                            .div(mask.sum(new int[] {1}, true).maximum(Scalars.like(mask, MIN_MASS)));
        }
        NDArray z = local.concat(pooled.broadcast(s.get(0), n, embeddingSize - half), -1);
        NDArray logits =
                out4.apply(ps, Activation.gelu(out2.apply(ps, Activation.gelu(out0.apply(ps, z)))));
        return logits.logSoftmax(-1);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), 2)};
    }
}
