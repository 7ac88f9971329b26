package io.glimpse.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalars for differentiable expressions, allocated by the engine itself.
 *
 * <p>DJL's {@code x.mul(0.5f)} wraps the number in a tensor that borrows a Java direct buffer and
 * closes it right after the op; autograd keeps that tensor for the backward pass of {@code mul},
 * {@code div} and {@code maximum}, so a garbage collection between forward and backward makes the
 * gradient read freed memory (a probe saw 123·w for the gradient of 0.5·w). A scalar made by
 * {@code full} owns its storage, so autograd's reference keeps it valid. Every scalar that meets a
 * tensor requiring gradients in a multiplying op goes through here.
 */
public final class Scalars {

    private Scalars() {}

    /**
     * Returns a 0-d tensor holding {@code value}, in the manager, device and type of {@code like}.
     *
     * @param like the tensor it will meet
     * @param value the value
     * @return an engine-owned scalar tensor
     */
    public static NDArray like(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType()).toDevice(like.getDevice(), false);
    }
}
