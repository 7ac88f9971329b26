package io.glimpse.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes safetensors files through DJL's own codec, keeping tensor names.
 *
 * <p>Writes are atomic (temporary file, then rename) so a reader never sees half a checkpoint.
 */
public final class Safetensors {

    private Safetensors() {}

    /**
     * Reads every tensor of a file.
     *
     * @param manager the manager that will own the arrays
     * @param path the file
     * @return the named arrays, in file order
     * @throws IOException if the file cannot be read or is not safetensors
     */
    public static NDList read(NDManager manager, Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            return read(manager, in);
        } catch (IOException | RuntimeException e) {
            throw new IOException("Cannot read safetensors file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads every tensor of a stream.
     *
     * @param manager the manager that will own the arrays
     * @param in the bytes of a safetensors file
     * @return the named arrays
     * @throws IOException if the bytes are not safetensors
     */
    public static NDList read(NDManager manager, InputStream in) throws IOException {
        return NDList.decode(manager, in);
    }

    /**
     * Finds a tensor by name.
     *
     * @param tensors named arrays
     * @param name the name
     * @return the array
     * @throws IllegalArgumentException naming the tensor if it is absent
     */
    public static NDArray require(NDList tensors, String name) {
        NDArray array = tensors.get(name);
        if (array == null) {
            throw new IllegalArgumentException("No tensor named '" + name + "'");
        }
        return array;
    }

    /**
     * Writes named arrays to a file atomically.
     *
     * @param tensors arrays, each with a name
     * @param path the target file
     * @throws IOException if the file cannot be written
     */
    public static void write(NDList tensors, Path path) throws IOException {
        for (NDArray t : tensors) {
            if (t.getName() == null || t.getName().isEmpty()) {
                throw new IllegalArgumentException("Every tensor needs a name to be saved, got " + t.getShape());
            }
        }
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                tensors.encode(out, NDList.Encoding.SAFETENSORS);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
