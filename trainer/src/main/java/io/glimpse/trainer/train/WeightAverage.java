package io.glimpse.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of a model's weights, updated after every applied step (DeiT's
 * model EMA). Late in a run the weights still wander from batch to batch; their average is a
 * steadier, usually slightly better model than the last step's weights.
 *
 * <p>The averages live in their own manager, next to the parameters they follow; {@link #swap}
 * exchanges the two in place, so the same model evaluates or saves either set without a copy of
 * the network.
 */
public final class WeightAverage implements AutoCloseable {

    private final double decay;
    private final Map<String, Parameter> parameters;
    private final Map<String, NDArray> averages = new LinkedHashMap<>();
    private final NDManager manager;

    /**
     * Starts an average at the parameters' current values.
     *
     * @param parameters the parameters to follow, by official name
     * @param decay the weight of the old average at each update, in [0, 1)
     * @param manager the manager the averages' own manager is made under
     */
    public WeightAverage(Map<String, Parameter> parameters, double decay, NDManager manager) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in [0, 1), got " + decay);
        }
        this.decay = decay;
        this.parameters = parameters;
        this.manager = manager.newSubManager();
        parameters.forEach((name, p) -> {
            NDArray a = p.getArray().duplicate();
            a.attach(this.manager);
            averages.put(name, a);
        });
    }

    /** Moves each average towards its parameter: {@code a = decay·a + (1 − decay)·w}. */
    public void update() {
        averages.forEach((name, a) -> {
            try (NDArray share = parameters.get(name).getArray().mul(1 - decay)) {
                a.muli(decay).addi(share);
            }
        });
    }

    /** Exchanges the averages and the parameters' values in place; calling it twice restores both. */
    public void swap() {
        averages.forEach((name, a) -> {
            NDArray w = parameters.get(name).getArray();
            try (NDArray held = w.duplicate()) {
                w.set(new NDIndex("..."), a);
                a.set(new NDIndex("..."), held);
            }
        });
    }

    /**
     * Returns the averages under the parameters' names, for a checkpoint.
     *
     * @return the arrays themselves (not copies)
     */
    public NDList tensors() {
        NDList list = new NDList();
        averages.forEach((name, a) -> {
            a.setName(name);
            list.add(a);
        });
        return list;
    }

    /**
     * Replaces the averages with saved ones, when a run resumes.
     *
     * @param tensors named arrays, one per parameter
     */
    public void load(NDList tensors) {
        Map<String, NDArray> byName = new LinkedHashMap<>();
        tensors.forEach(t -> byName.put(t.getName(), t));
        averages.forEach((name, a) -> {
            NDArray saved = byName.get(name);
            if (saved == null || !saved.getShape().equals(a.getShape())) {
                throw new IllegalArgumentException("Saved average has no tensor " + name + " of shape " + a.getShape());
            }
            a.set(new NDIndex("..."), saved);
        });
    }

    @Override
    public void close() {
        manager.close();
    }
}
