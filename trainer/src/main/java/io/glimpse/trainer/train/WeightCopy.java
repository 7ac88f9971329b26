package io.glimpse.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;

import io.glimpse.model.io.Safetensors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Copies named tensors into an initialised model's parameters in place, so that parameters keep
 * their identity (and gradients) for the optimizer: a resumed run's weights, or a teacher's
 * backbone into a fresh student whose predictors stay as initialised.
 */
public final class WeightCopy {

    private WeightCopy() {}

    /**
     * Copies a safetensors file's tensors into parameters, reading it in a scope of its own.
     *
     * @param weights the file (official state-dict names)
     * @param parameters the target parameters by name
     * @param manager the parent of the scope the file is read in
     * @param requireAll whether every parameter must receive a tensor
     * @return how many parameters were copied
     * @throws IOException if the file cannot be read
     */
    public static int copy(Path weights, Map<String, Parameter> parameters, NDManager manager, boolean requireAll)
            throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            return copy(Safetensors.read(scope, weights), parameters, requireAll);
        }
    }

    /**
     * Copies.
     *
     * @param tensors named arrays (official state-dict names)
     * @param parameters the target parameters by name
     * @param requireAll whether every parameter must receive a tensor
     * @return how many parameters were copied
     * @throws IllegalArgumentException if a shape differs or (with {@code requireAll}) one is missing
     */
    public static int copy(NDList tensors, Map<String, Parameter> parameters, boolean requireAll) {
        Set<String> copied = new HashSet<>();
        for (NDArray t : tensors) {
            Parameter p = parameters.get(t.getName());
            if (p == null) {
                continue;
            }
            NDArray target = p.getArray();
            if (!target.getShape().equals(t.getShape())) {
                throw new IllegalArgumentException("Tensor " + t.getName() + " has shape " + t.getShape()
                        + ", the model expects " + target.getShape());
            }
            target.set(new NDIndex("..."), t);
            copied.add(t.getName());
        }
        if (requireAll && copied.size() != parameters.size()) {
            Set<String> missing = new HashSet<>(parameters.keySet());
            missing.removeAll(copied);
            throw new IllegalArgumentException("No tensor for parameters " + missing);
        }
        return copied.size();
    }
}
