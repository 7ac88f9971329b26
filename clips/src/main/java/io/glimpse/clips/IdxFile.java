package io.glimpse.clips;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An unsigned-byte idx file (the MNIST format), plain or gzipped: the gzip magic decides, not the
 * file name. Only the {@code 0x08} (unsigned byte) element type is supported.
 */
final class IdxFile {

    private static final int UNSIGNED_BYTE = 0x08;

    private final int[] dimensions;
    private final byte[] data;

    private IdxFile(int[] dimensions, byte[] data) {
        this.dimensions = dimensions;
        this.data = data;
    }

    /**
     * Reads a whole idx file.
     *
     * @param path the file, gzipped or not
     * @return its dimensions and data
     * @throws IOException if it cannot be read or is not a complete unsigned-byte idx file
     */
    static IdxFile read(Path path) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            raw.mark(2);
            boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            InputStream in = gzipped ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            return read(new DataInputStream(in), path);
        }
    }

    private static IdxFile read(DataInputStream in, Path path) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException(path + " is not an idx file: it is shorter than the 4-byte magic number");
        }
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != UNSIGNED_BYTE || (magic & 0xff) == 0) {
            throw new IOException(String.format(
                    "%s is not an unsigned-byte idx file: magic number 0x%08x, expected 0x000008NN", path, magic));
        }
        int[] dims = new int[magic & 0xff];
        long total = 1;
        try {
            for (int i = 0; i < dims.length; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new IOException(path + ": negative dimension " + dims[i]);
                }
                total *= dims[i];
                if (total > Integer.MAX_VALUE - 8) {
                    throw new IOException(path + ": dimensions " + Arrays.toString(dims) + " are too large");
                }
            }
        } catch (EOFException e) {
            throw new IOException(path + " is truncated inside its header");
        }
        byte[] data = in.readNBytes((int) total);
        if (data.length < total) {
            throw new IOException(path + " is truncated: dimensions " + Arrays.toString(dims) + " need " + total
                    + " bytes of data, found " + data.length);
        }
        if (in.read() != -1) {
            throw new IOException(path + " has bytes after the " + total + " that dimensions "
                    + Arrays.toString(dims) + " describe");
        }
        return new IdxFile(dims, data);
    }

    int[] getDimensions() {
        return dimensions.clone();
    }

    byte[] getData() {
        return data;
    }
}
