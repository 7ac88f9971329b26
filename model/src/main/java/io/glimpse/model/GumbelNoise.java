package io.glimpse.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * The Gumbel(0, 1) noise of the training-mode keep decisions, injectable so that a forward pass can
 * be replayed exactly (parity with exported noise, or a fixed seed in tests).
 */
@FunctionalInterface
public interface GumbelNoise {

    /**
     * Returns noise for one stage.
     *
     * @param manager where to create the array
     * @param shape (B, N0, 2)
     * @param stage the 0-based stage index
     * @return g = -log(E), E ~ Exp(1), of the given shape
     */
    NDArray sample(NDManager manager, Shape shape, int stage);

    /**
     * Returns fresh noise from the engine's random generator (seed it with {@code
     * Engine.getInstance().setRandomSeed}), drawn as torch does: g = -log(E), E ~ Exp(1).
     *
     * @return the noise source
     */
    static GumbelNoise random() {
        return (manager, shape, stage) -> {
            NDArray uniform = manager.randomUniform(Float.MIN_NORMAL, 1f, shape);
            return uniform.log().neg().log().neg();
        };
    }

    /**
     * Replays given noise, one array per stage.
     *
     * @param perStage the noise of each stage, (B, N0, 2)
     * @return the noise source
     */
    static GumbelNoise replay(List<NDArray> perStage) {
        List<NDArray> copy = List.copyOf(perStage);
        return (manager, shape, stage) -> {
            NDArray g = copy.get(stage);
            if (!g.getShape().equals(shape)) {
                throw new IllegalArgumentException(
                        "Gumbel noise for stage " + (stage + 1) + " has shape " + g.getShape() + ", expected " + shape);
            }
            return g;
        };
    }
}
