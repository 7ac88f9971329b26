package io.glimpse.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The transformer MLP, {@code fc2(GELU(fc1(x)))} with exact (erf) GELU.
 *
 * <p>Shapes: input (..., E), hidden (..., M), output (..., E).
 */
public final class Mlp extends ShapedBlock {

    private static final byte VERSION = 1;

    private final LinearLayer fc1;
    private final LinearLayer fc2;

    /**
     * Creates the MLP.
     *
     * @param embeddingSize E
     * @param hiddenSize M
     */
    public Mlp(int embeddingSize, int hiddenSize) {
        super(VERSION);
        fc1 = addChildBlock("fc1", new LinearLayer(embeddingSize, hiddenSize, true));
        fc2 = addChildBlock("fc2", new LinearLayer(hiddenSize, embeddingSize, true));
    }

    /**
     * Applies the MLP.
     *
     * @param ps the parameter store
     * @param x (..., E)
     * @return (..., E)
     */
    public NDArray apply(ParameterStore ps, NDArray x) {
        return fc2.apply(ps, Activation.gelu(fc1.apply(ps, x)));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow()));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
