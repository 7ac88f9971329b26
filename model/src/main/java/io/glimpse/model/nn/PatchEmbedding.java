package io.glimpse.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Cuts an image into non-overlapping P×P patches and projects each to E channels: a convolution
 * with kernel and stride P, as timm's {@code PatchEmbed} ({@code patch_embed.proj.*}).
 *
 * <p>Shapes: input (B, C, H, W), output (B, N0, E) with N0 = (H/P)·(W/P) in row-major patch order.
 */
public final class PatchEmbedding extends ShapedBlock {

    private static final byte VERSION = 1;

    private final Shape kernel;
    private final Projection proj;

    /**
     * Creates the embedding.
     *
     * @param channels C, input channels
     * @param patchSize P
     * @param embeddingSize E
     */
    public PatchEmbedding(int channels, int patchSize, int embeddingSize) {
        super(VERSION);
        kernel = new Shape(patchSize, patchSize);
        proj = addChildBlock("proj", new Projection(channels, patchSize, embeddingSize));
    }

    /**
     * Embeds a batch of images.
     *
     * @param ps the parameter store
     * @param images (B, C, H, W)
     * @return patch tokens (B, N0, E)
     */
    public NDArray apply(ParameterStore ps, NDArray images) {
        NDArray w = ps.getValue(proj.weight, images.getDevice(), false);
        NDArray b = ps.getValue(proj.bias, images.getDevice(), false);
        NDArray maps = Conv2d.conv2d(images, w, b, kernel).singletonOrThrow();
        Shape s = maps.getShape();
        return maps.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).swapAxes(1, 2);
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
        long n = (in.get(2) / kernel.get(0)) * (in.get(3) / kernel.get(1));
        return new Shape[] {new Shape(in.get(0), n, proj.embeddingSize)};
    }

    /** The convolution's parameters, named {@code proj.weight} (E, C, P, P) and {@code proj.bias}. */
    static final class Projection extends ShapedBlock {
        final Parameter weight;
        final Parameter bias;
        final int embeddingSize;

        Projection(int channels, int patchSize, int embeddingSize) {
            super(VERSION);
            this.embeddingSize = embeddingSize;
            weight =
                    addShapedParameter(
                            "weight",
                            Parameter.Type.WEIGHT,
                            new Shape(embeddingSize, channels, patchSize, patchSize),
                            LinearLayer.WEIGHT_INIT);
            bias = addShapedParameter("bias", Parameter.Type.BIAS, new Shape(embeddingSize), Initializer.ZEROS);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            throw new UnsupportedOperationException("Called through PatchEmbedding");
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }
}
