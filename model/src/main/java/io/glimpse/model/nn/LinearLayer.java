package io.glimpse.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;

/**
 * A fully connected layer, {@code y = x Wᵀ + b}, with PyTorch's {@code [out, in]} weight layout and
 * names ({@code weight}, {@code bias}) so official checkpoints load without transposes.
 *
 * <p>Shapes: input (..., in), output (..., out).
 */
public final class LinearLayer extends ShapedBlock {

    private static final byte VERSION = 1;
    static final Initializer WEIGHT_INIT = new TruncatedNormalInitializer(0.02f);

    private final int inputSize;
    private final int outputSize;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Creates a layer.
     *
     * @param inputSize the input width
     * @param outputSize the output width
     * @param withBias whether the layer has a bias
     */
    public LinearLayer(int inputSize, int outputSize, boolean withBias) {
        this(inputSize, outputSize, withBias, WEIGHT_INIT);
    }

    /**
     * Creates a layer whose weight starts from the given initializer when trained from scratch.
     *
     * @param inputSize the input width
     * @param outputSize the output width
     * @param withBias whether the layer has a bias
     * @param weightInit the weight's initializer (the bias starts at zero)
     */
    public LinearLayer(int inputSize, int outputSize, boolean withBias, Initializer weightInit) {
        super(VERSION);
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        weight =
                addShapedParameter(
                        "weight", Parameter.Type.WEIGHT, new Shape(outputSize, inputSize), weightInit);
        bias =
                withBias
                        ? addShapedParameter("bias", Parameter.Type.BIAS, new Shape(outputSize), Initializer.ZEROS)
                        : null;
    }

    /**
     * Applies the layer.
     *
     * @param ps the parameter store
     * @param x input of shape (..., in)
     * @return output of shape (..., out), in the manager of {@code x}
     */
    public NDArray apply(ParameterStore ps, NDArray x) {
        NDArray w = ps.getValue(weight, x.getDevice(), false);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), false);
        Shape s = x.getShape();
        if (s.dimension() <= 2) {
            return Linear.linear(x, w, b).singletonOrThrow();
        }
        // Flattened to 2-D, libtorch fuses the bias into one addmm instead of matmul + add.
        NDArray flat = x.reshape(-1, s.get(s.dimension() - 1));
        return Linear.linear(flat, w, b).singletonOrThrow().reshape(s.slice(0, s.dimension() - 1).add(outputSize));
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
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(outputSize)};
    }

    public int getInputSize() {
        return inputSize;
    }

    public int getOutputSize() {
        return outputSize;
    }
}
