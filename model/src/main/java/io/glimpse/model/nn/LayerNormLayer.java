package io.glimpse.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Layer normalisation over the last axis, with PyTorch's parameter names ({@code weight}, {@code
 * bias}) and an explicit epsilon: the backbone uses 1e-6 and the prediction modules PyTorch's
 * default 1e-5, and parity depends on keeping them apart.
 *
 * <p>Shapes: input (..., E), output (..., E).
 */
public final class LayerNormLayer extends ShapedBlock {

    private static final byte VERSION = 1;

    private final Shape normalizedShape;
    private final float epsilon;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Creates a layer.
     *
     * @param size E, the normalised width
     * @param epsilon the variance epsilon
     */
    public LayerNormLayer(int size, float epsilon) {
        super(VERSION);
        this.normalizedShape = new Shape(size);
        this.epsilon = epsilon;
        weight = addShapedParameter("weight", Parameter.Type.GAMMA, normalizedShape, Initializer.ONES);
        bias = addShapedParameter("bias", Parameter.Type.BETA, normalizedShape, Initializer.ZEROS);
    }

    /**
     * Applies the normalisation.
     *
     * @param ps the parameter store
     * @param x input of shape (..., E)
     * @return the normalised input, in the manager of {@code x}
     */
    public NDArray apply(ParameterStore ps, NDArray x) {
        NDArray w = ps.getValue(weight, x.getDevice(), false);
        NDArray b = ps.getValue(bias, x.getDevice(), false);
        return LayerNorm.layerNorm(x, normalizedShape, w, b, epsilon).singletonOrThrow();
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
