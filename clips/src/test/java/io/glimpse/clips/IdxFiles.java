package io.glimpse.clips;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small idx files, plain or gzipped, the way the Fashion-MNIST ones are laid out. */
final class IdxFiles {

    private IdxFiles() {}

    /** The bytes of an unsigned-byte idx file with the given dimensions and data. */
    static byte[] idx(byte[] data, int... dims) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void write(Path file, byte[] content, boolean gzip) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(content);
        }
    }

    /** Writes a split's images and labels into a directory with the Debian package's file names. */
    static void writeSplit(Path dir, Split split, byte[][] images, byte[] labels, boolean gzip) throws IOException {
        byte[] pixels = new byte[images.length * FashionMnist.IMAGE_PIXELS];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, pixels, i * FashionMnist.IMAGE_PIXELS, FashionMnist.IMAGE_PIXELS);
        }
        String suffix = gzip ? ".gz" : "";
        write(dir.resolve(split.getImagesFileName() + suffix), idx(pixels, images.length, 28, 28), gzip);
        write(dir.resolve(split.getLabelsFileName() + suffix), idx(labels, labels.length), gzip);
    }

    /**
     * A garment-like image: a filled rectangle of ink whose size, position and brightness depend on
     * the seed, with a little texture.
     */
    static byte[] image(int seed) {
        byte[] image = new byte[FashionMnist.IMAGE_PIXELS];
        int left = 2 + seed % 5;
        int top = 1 + seed % 3;
        int right = 27 - (seed * 7) % 6;
        int bottom = 26 - (seed * 3) % 4;
        for (int r = top; r < bottom; r++) {
            for (int c = left; c < right; c++) {
                image[r * 28 + c] = (byte) (120 + (seed * 37 + r * 5 + c * 3) % 130);
            }
        }
        return image;
    }

    static byte[][] images(int count, int firstSeed) {
        byte[][] images = new byte[count][];
        for (int i = 0; i < count; i++) {
            images[i] = image(firstSeed + i);
        }
        return images;
    }

    static byte[] labels(int count, int first) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) ((first + i) % 10);
        }
        return labels;
    }
}
