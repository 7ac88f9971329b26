package io.glimpse.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;

import io.glimpse.model.precision.Bf16Cast;

/**
 * A fully connected layer, {@code y = x Wᵀ + b}, with PyTorch's {@code [out, in]} weight layout and
 * names ({@code weight}, {@code bias}) so official checkpoints load without transposes.
 *
 * <p>Shapes: input (..., in), output (..., out).
 *
 * <p>For inference the layer can run in bfloat16 ({@link #runInBf16}): the weights are cast once,
 * each input is cast on the way in and the output comes back as float32, so its neighbours never
 * see a bf16 array.
 */
public final class LinearLayer extends ShapedBlock {

    private static final byte VERSION = 1;
    static final Initializer WEIGHT_INIT = new TruncatedNormalInitializer(0.02f);

    private final int inputSize;
    private final int outputSize;
    private final Parameter weight;
    private final Parameter bias;
    private volatile Bf16Weights bf16;

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
        Bf16Weights half = bf16;
        if (half != null) {
            return linear(half.cast().toBf16(x), half.weight(), half.bias()).toType(DataType.FLOAT32, false);
        }
        NDArray w = ps.getValue(weight, x.getDevice(), false);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), false);
        return linear(x, w, b);
    }

    private NDArray linear(NDArray x, NDArray w, NDArray b) {
        Shape s = x.getShape();
        if (s.dimension() <= 2) {
            return Linear.linear(x, w, b).singletonOrThrow();
        }
        // Flattened to 2-D, libtorch fuses the bias into one addmm instead of matmul + add.
        NDArray flat = x.reshape(-1, s.get(s.dimension() - 1));
        return Linear.linear(flat, w, b).singletonOrThrow().reshape(s.slice(0, s.dimension() - 1).add(outputSize));
    }

    /**
     * Runs later inference passes in bfloat16, with a bf16 copy of the current weights. Training
     * must not use a layer in this state: the copies take no gradient.
     *
     * @param cast the engine's cast to bf16, which must outlive this state
     */
    public void runInBf16(Bf16Cast cast) {
        Bf16Weights previous = bf16;
        bf16 = Bf16Weights.of(cast, weight.getArray(), bias == null ? null : bias.getArray());
        if (previous != null) {
            previous.close();
        }
    }

    /** Returns to float32 and frees the bf16 copies (a no-op when already float32). */
    public void runInFp32() {
        Bf16Weights previous = bf16;
        bf16 = null;
        if (previous != null) {
            previous.close();
        }
    }

    /**
     * Whether inference runs in bfloat16.
     *
     * @return true after {@link #runInBf16} until {@link #runInFp32}
     */
    public boolean isBf16() {
        return bf16 != null;
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
