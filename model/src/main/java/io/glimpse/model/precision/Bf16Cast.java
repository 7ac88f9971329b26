package io.glimpse.model.precision;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Casts float32 arrays to bfloat16 inside the DJL PyTorch engine, through {@link CastModule}.
 *
 * <p>The result is a normal DJL array whose {@code getDataType()} reads {@code UNKNOWN} (DJL's JNI
 * reports every dtype it does not know as such). Operators that take no dtype ({@code matMul},
 * {@code Linear.linear}, {@code add}, ...) run on it in bf16, and {@code toType(FLOAT32, false)}
 * brings it back. Never pass {@code DataType.BFLOAT16} to DJL: that aborts the JVM.
 */
public final class Bf16Cast implements AutoCloseable {

    private final Model model;
    private final Block block;

    private Bf16Cast(Model model) {
        this.model = model;
        this.block = model.getBlock();
    }

    /**
     * Loads the cast module into the PyTorch engine.
     *
     * @return the cast; close it to free the module
     * @throws IllegalStateException if the engine rejects the module
     */
    public static Bf16Cast load() {
        Path file = null;
        Model model = Model.newInstance("glimpse-bf16-cast", Device.cpu(), "PyTorch");
        try {
            file = Files.createTempFile("glimpse-bf16-cast", ".pt");
            Files.write(file, CastModule.archive());
            model.load(file);
            return new Bf16Cast(model);
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException(e);
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalStateException("The PyTorch engine rejected the bf16 cast module", e);
        } finally {
            deleteQuietly(file);
        }
    }

    /**
     * Returns {@code x} in bfloat16, in the manager of {@code x}.
     *
     * @param x a float32 array
     * @return the bf16 array (its DJL data type reads {@code UNKNOWN})
     */
    public NDArray toBf16(NDArray x) {
        NDManager manager = x.getManager();
        return block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        model.close();
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}
