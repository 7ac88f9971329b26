package io.glimpse.model.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An indexed container of blocks, named {@code 0, 1, ...} like PyTorch's {@code ModuleList} and
 * {@code Sequential}, so that state-dict names such as {@code blocks.3.attn.qkv.weight} come out of
 * the block tree unchanged. The owner calls the children; the container itself does no math.
 *
 * @param <B> the type of the children
 */
public final class ModuleList<B extends Block> extends ShapedBlock {

    private static final byte VERSION = 1;

    private final List<B> modules = new ArrayList<>();

    public ModuleList() {
        super(VERSION);
    }

    /**
     * Adds a child under an explicit index name (PyTorch {@code Sequential} skips the indices of
     * parameterless layers such as GELU, so names need not be contiguous).
     *
     * @param index the name of the child in state-dict paths
     * @param block the child
     * @return the child
     */
    public B add(int index, B block) {
        addChildBlock(Integer.toString(index), block);
        modules.add(block);
        return block;
    }

    /**
     * Adds a child named after its position.
     *
     * @param block the child
     * @return the child
     */
    public B add(B block) {
        return add(modules.size(), block);
    }

    /**
     * Returns the i-th child added.
     *
     * @param i the position
     * @return the child
     */
    public B get(int i) {
        return modules.get(i);
    }

    public int size() {
        return modules.size();
    }

    /**
     * Returns the children in the order they were added.
     *
     * @return an unmodifiable view
     */
    public List<B> modules() {
        return Collections.unmodifiableList(modules);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException("A ModuleList only holds blocks; its owner calls them");
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
