package io.glimpse.model.nn;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;

import java.util.HashMap;
import java.util.Map;

/**
 * A block whose parameter shapes follow from its configuration alone, not from its input.
 *
 * <p>Knowing every shape up front lets a weights file be validated tensor by tensor before any
 * native memory is allocated, and lets a block be either initialised or loaded, never both.
 */
public abstract class ShapedBlock extends AbstractBlock {

    private final Map<Parameter, Shape> shapes = new HashMap<>();

    protected ShapedBlock(byte version) {
        super(version);
    }

    /**
     * Registers a parameter with its fixed shape.
     *
     * @param name the official (state-dict) name of the tensor within this block
     * @param type the parameter type, which picks the default initializer
     * @param shape the shape
     * @param initializer the initializer used when training from scratch
     * @return the registered parameter
     */
    protected final Parameter addShapedParameter(
            String name, Parameter.Type type, Shape shape, Initializer initializer) {
        Parameter parameter =
                addParameter(
                        Parameter.builder()
                                .setName(name)
                                .setType(type)
                                .optInitializer(initializer)
                                .build());
        shapes.put(parameter, shape);
        return parameter;
    }

    /**
     * Returns the shape a direct parameter of this block must have.
     *
     * @param parameter a parameter registered by this block
     * @return its shape
     */
    public Shape expectedShape(Parameter parameter) {
        Shape shape = shapes.get(parameter);
        if (shape == null) {
            throw new IllegalArgumentException("Not a parameter of this block: " + parameter.getName());
        }
        return shape;
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        for (Map.Entry<Parameter, Shape> e : shapes.entrySet()) {
            if (e.getKey().getShape() == null) {
                e.getKey().setShape(e.getValue());
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Pair<String, Block> child : children) {
            child.getValue().initialize(manager, dataType, inputShapes);
        }
    }
}
