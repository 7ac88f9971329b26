package io.glimpse.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.glimpse.model.precision.Bf16Cast;

/** The bf16 copies of one linear layer's weights, in a manager of their own so they can be freed alone. */
record Bf16Weights(Bf16Cast cast, NDManager manager, NDArray weight, NDArray bias) implements AutoCloseable {

    static Bf16Weights of(Bf16Cast cast, NDArray weight, NDArray bias) {
        NDManager manager = weight.getManager().newSubManager();
        NDArray w = cast.toBf16(weight);
        w.attach(manager);
        NDArray b = null;
        if (bias != null) {
            b = cast.toBf16(bias);
            b.attach(manager);
        }
        return new Bf16Weights(cast, manager, w, b);
    }

    @Override
    public void close() {
        manager.close();
    }
}
