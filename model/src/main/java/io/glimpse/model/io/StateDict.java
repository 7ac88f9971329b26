package io.glimpse.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import io.glimpse.model.io.WeightsProblem.Kind;
import io.glimpse.model.nn.ShapedBlock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps a block tree to PyTorch state-dict names ({@code blocks.3.attn.qkv.weight}) and moves
 * tensors in and out of it.
 *
 * <p>Names are the path of child names from the root, as PyTorch builds them, so official
 * DynamicViT and timm/DeiT checkpoints (converted to safetensors) load without a name table. Loading
 * is all-or-nothing: every tensor is checked (unknown, missing, wrong shape or dtype, not finite) before any
 * parameter is touched, and the error names each offending tensor.
 */
public final class StateDict {

    private StateDict() {}

    /**
     * Lists the parameters of a block tree under their state-dict names, in registration order.
     *
     * @param root the root block
     * @return name to parameter
     */
    public static Map<String, Parameter> parameters(Block root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        walk(root, "", (name, block, parameter) -> out.put(name, parameter));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Returns the shape each parameter must have.
     *
     * @param root the root block, built from {@link ShapedBlock}s
     * @return name to shape, in registration order
     */
    public static Map<String, Shape> expectedShapes(Block root) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        walk(root, "", (name, block, parameter) -> shapes.put(name, ((ShapedBlock) block).expectedShape(parameter)));
        return shapes;
    }

    /** Sees each parameter of a block tree with its state-dict name and the block that owns it. */
    private interface ParameterVisitor {
        void visit(String name, Block owner, Parameter parameter);
    }

    private static void walk(Block block, String prefix, ParameterVisitor visitor) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            visitor.visit(prefix + p.getKey(), block, p.getValue());
        }
        int i = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            // DJL prefixes each child name with its 1-based position, two digits.
            String ordinal = String.format(Locale.ROOT, "%02d", ++i);
            String name = child.getKey();
            if (name.startsWith(ordinal)) {
                name = name.substring(ordinal.length());
            }
            walk(child.getValue(), prefix + name + '.', visitor);
        }
    }

    /**
     * Loads tensors into an uninitialised block tree. The arrays become the parameters (they are
     * not copied): give them a manager that lives as long as the model.
     *
     * @param root the root block, not yet initialised
     * @param tensors named float32 arrays
     * @throws MalformedWeightsException if a tensor is unknown, missing, duplicated, mis-shaped, not
     *     float32 or not finite; nothing is loaded then
     */
    public static void load(Block root, NDList tensors) throws MalformedWeightsException {
        List<WeightsProblem> problems = check(root, tensors);
        if (!problems.isEmpty()) {
            throw new MalformedWeightsException(problems);
        }
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray t : tensors) {
            byName.put(t.getName(), t);
        }
        for (Map.Entry<String, Parameter> e : parameters(root).entrySet()) {
            Parameter parameter = e.getValue();
            if (parameter.isInitialized()) {
                throw new IllegalStateException("Parameter '" + e.getKey() + "' is already initialised");
            }
            parameter.setArray(byName.get(e.getKey()));
        }
    }

    /**
     * Finds everything that keeps tensors from loading into a block tree: unknown, missing and
     * duplicated names, wrong shapes or types, and values that are NaN or infinite (weights that
     * would silently turn every output into NaN).
     *
     * @param root the root block
     * @param tensors named arrays
     * @return the problems, empty if the tensors fit
     */
    public static List<WeightsProblem> check(Block root, NDList tensors) {
        Map<String, Parameter> params = parameters(root);
        Map<String, Shape> shapes = expectedShapes(root);
        Map<String, NDArray> byName = new LinkedHashMap<>();
        List<WeightsProblem> problems = new ArrayList<>();
        for (NDArray t : tensors) {
            String name = t.getName();
            if (byName.put(name, t) != null) {
                problems.add(new WeightsProblem(Kind.DUPLICATE, name, "duplicate tensor '" + name + "'"));
            }
        }
        TreeSet<String> missing = new TreeSet<>(params.keySet());
        missing.removeAll(byName.keySet());
        for (String name : missing) {
            problems.add(new WeightsProblem(Kind.MISSING, name, "missing tensor '" + name + "' " + shapes.get(name)));
        }
        for (Map.Entry<String, NDArray> e : byName.entrySet()) {
            String name = e.getKey();
            NDArray t = e.getValue();
            if (!params.containsKey(name)) {
                problems.add(new WeightsProblem(Kind.UNKNOWN, name, "unknown tensor '" + name + "' " + t.getShape()));
            } else if (!t.getShape().equals(shapes.get(name))) {
                problems.add(new WeightsProblem(Kind.MISSHAPED, name,
                        "tensor '" + name + "' has shape " + t.getShape() + ", expected " + shapes.get(name)));
            } else if (t.getDataType() != DataType.FLOAT32) {
                problems.add(new WeightsProblem(Kind.WRONG_TYPE, name,
                        "tensor '" + name + "' is " + t.getDataType() + ", expected float32"));
            } else if (!allFinite(t)) {
                problems.add(new WeightsProblem(Kind.NON_FINITE, name, "tensor '" + name + "' holds NaN or infinite values"));
            }
        }
        return problems;
    }

    private static boolean allFinite(NDArray t) {
        // Every temporary lands in the tensor's (long-lived) manager, so each is closed here.
        try (NDArray nan = t.isNaN();
                NDArray inf = t.isInfinite();
                NDArray bad = nan.logicalOr(inf);
                NDArray any = bad.any()) {
            return !any.getBoolean();
        }
    }


    /**
     * Returns the parameter arrays under their state-dict names, ready to encode.
     *
     * @param root an initialised block tree
     * @return the named arrays (the parameters themselves, not copies)
     */
    public static NDList tensors(Block root) {
        NDList list = new NDList();
        for (Map.Entry<String, Parameter> e : parameters(root).entrySet()) {
            NDArray array = e.getValue().getArray();
            array.setName(e.getKey());
            list.add(array);
        }
        return list;
    }
}
