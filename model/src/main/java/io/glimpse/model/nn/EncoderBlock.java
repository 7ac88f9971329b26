package io.glimpse.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A pre-norm transformer block: {@code x + Attn(LN1(x))}, then {@code x + MLP(LN2(x))}.
 *
 * <p>Shapes: tokens (B, N, E); policy (B, N, 1) or absent. The policy enters attention only, as a
 * key mask (the official DeiT variant): MLP, norms and residuals update every token.
 *
 * <p>Each call runs in its own NDManager scope, so a forward pass holds one block's intermediates
 * at a time rather than all of them.
 */
public final class EncoderBlock extends ShapedBlock {

    private static final byte VERSION = 1;

    private final LayerNormLayer norm1;
    private final Attention attn;
    private final LayerNormLayer norm2;
    private final Mlp mlp;

    /**
     * Creates a block.
     *
     * @param embeddingSize E
     * @param headCount H
     * @param mlpHiddenSize MLP hidden width
     * @param qkvBias whether qkv has a bias
     * @param epsilon LayerNorm epsilon
     */
    public EncoderBlock(int embeddingSize, int headCount, int mlpHiddenSize, boolean qkvBias, float epsilon) {
        super(VERSION);
        norm1 = addChildBlock("norm1", new LayerNormLayer(embeddingSize, epsilon));
        attn = addChildBlock("attn", new Attention(embeddingSize, headCount, qkvBias));
        norm2 = addChildBlock("norm2", new LayerNormLayer(embeddingSize, epsilon));
        mlp = addChildBlock("mlp", new Mlp(embeddingSize, mlpHiddenSize));
    }

    /**
     * Runs the block.
     *
     * @param ps the parameter store
     * @param x tokens (B, N, E)
     * @param policy (B, N, 1) keep policy for attention, or {@code null}
     * @return tokens (B, N, E), in the manager of {@code x}
     */
    public NDArray apply(ParameterStore ps, NDArray x, NDArray policy) {
        try (NDManager scope = NDManager.subManagerOf(x)) {
            scope.tempAttachAll(policy == null ? new NDList(x) : new NDList(x, policy));
            NDArray h = x.add(attn.apply(ps, norm1.apply(ps, x), policy));
            NDArray out = h.add(mlp.apply(ps, norm2.apply(ps, h)));
            return scope.ret(out);
        }
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
        return new Shape[] {inputShapes[0]};
    }
}
