package io.glimpse.streams.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.ImageNormalization;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A small fixed set of labelled frames shipped with the app, which every published model must
 * classify well before it may serve: hashes and signatures say the weights arrived as sent, only
 * running them says they work (a model trained on the wrong data, or for another task, is signed
 * just as well).
 *
 * <p>The shipped set ({@link #shipped()}) is 64 frames of the Fashion-MNIST test split rendered as
 * the trainer's test clips (64 × 64, seed 2); a test regenerates it from the dataset and compares.
 * A model whose input is another size sees them resized (nearest neighbour: the canary asks whether
 * the model works, not how well it does on resampled frames).
 */
public final class CanaryFrames {

    private static final int MAGIC = 0x474c4346; // "GLCF"
    private static final String RESOURCE = "canary-frames.bin.gz";

    private final int width;
    private final int height;
    private final List<byte[]> frames;
    private final int[] labels;

    /**
     * Creates a set.
     *
     * @param width the frames' width
     * @param height the frames' height
     * @param frames RGB bytes, row-major, width × height × 3 each
     * @param labels the class of each frame
     */
    public CanaryFrames(int width, int height, List<byte[]> frames, int[] labels) {
        if (frames.isEmpty() || frames.size() != labels.length) {
            throw new IllegalArgumentException(
                    "A canary needs frames and one label each, got " + frames.size() + " frames and " + labels.length + " labels");
        }
        for (byte[] f : frames) {
            if (f.length != width * height * 3) {
                throw new IllegalArgumentException("A canary frame must be " + width + "×" + height + " RGB, got " + f.length + " bytes");
            }
        }
        this.width = width;
        this.height = height;
        this.frames = frames.stream().map(byte[]::clone).toList();
        this.labels = labels.clone();
    }

    /**
     * Returns the set shipped with the app.
     *
     * @return the frames
     */
    public static CanaryFrames shipped() {
        try (InputStream in = CanaryFrames.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The shipped canary frames (" + RESOURCE + ") are missing from the class path");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the shipped canary frames", e);
        }
    }

    /**
     * Reads a set written by {@link #write}.
     *
     * @param in gzip stream; not closed
     * @return the frames
     * @throws IOException if the bytes are not a canary set
     */
    public static CanaryFrames read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(new GZIPInputStream(in));
        if (data.readInt() != MAGIC) {
            throw new IOException("Not a Glimpse canary set");
        }
        int count = data.readInt();
        int w = data.readInt();
        int h = data.readInt();
        List<byte[]> frames = new ArrayList<>(count);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = data.readUnsignedByte();
            byte[] rgb = new byte[w * h * 3];
            data.readFully(rgb);
            frames.add(rgb);
        }
        return new CanaryFrames(w, h, frames, labels);
    }

    /**
     * Writes the set (gzip).
     *
     * @param out where to write; not closed
     * @throws IOException if writing fails
     */
    public void write(OutputStream out) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(out);
        DataOutputStream data = new DataOutputStream(gzip);
        data.writeInt(MAGIC);
        data.writeInt(frames.size());
        data.writeInt(width);
        data.writeInt(height);
        for (int i = 0; i < frames.size(); i++) {
            data.writeByte(labels[i]);
            data.write(frames.get(i));
        }
        data.flush();
        gzip.finish();
    }

    /**
     * Returns the set's bytes as {@link #write} writes them.
     *
     * @return gzip bytes
     */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Runs a model on every frame.
     *
     * @param model the model to try
     * @param rho the keep ratio the app serves with
     * @return accuracy and whether every output was finite
     */
    public Score score(DynamicVit model, double rho) {
        DynamicVitConfig config = model.getConfig();
        int w = config.getImageWidth();
        int h = config.getImageHeight();
        List<byte[]> images = new ArrayList<>(frames.size());
        for (byte[] f : frames) {
            images.add(w == width && h == height ? f : resize(f, width, height, w, h));
        }
        int classes = config.getClassCount();
        float[] logits;
        try (NDManager scope = model.getModel().getNDManager().newSubManager()) {
            NDArray input = ImageNormalization.toBatch(scope, images, w, h);
            logits = model.infer(input, rho).getLogits().toFloatArray();
        }
        int correct = 0;
        boolean finite = true;
        for (int i = 0; i < frames.size(); i++) {
            int best = 0;
            for (int c = 0; c < classes; c++) {
                float v = logits[i * classes + c];
                finite &= Float.isFinite(v);
                if (v > logits[i * classes + best]) {
                    best = c;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return new Score((double) correct / frames.size(), finite, frames.size());
    }

    private static byte[] resize(byte[] rgb, int w, int h, int toW, int toH) {
        byte[] out = new byte[toW * toH * 3];
        for (int y = 0; y < toH; y++) {
            int sy = Math.min(h - 1, (int) ((y + 0.5) * h / toH));
            for (int x = 0; x < toW; x++) {
                int sx = Math.min(w - 1, (int) ((x + 0.5) * w / toW));
                System.arraycopy(rgb, (sy * w + sx) * 3, out, (y * toW + x) * 3, 3);
            }
        }
        return out;
    }

    public int size() {
        return frames.size();
    }

    public int getWidth() {
        return width;
    }

    public int getHeight() {
        return height;
    }

    /**
     * How a model did on the canary.
     *
     * @param accuracy share of frames classified correctly
     * @param finite whether every output was finite
     * @param frames frames scored
     */
    public record Score(double accuracy, boolean finite, int frames) {}
}
