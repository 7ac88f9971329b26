package io.glimpse.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * The model's input convention, written once: RGB bytes, interleaved row by row, become float
 * {@code CHW} planes, each channel scaled to [0, 1] and normalised with the ImageNet mean and
 * standard deviation. The trainer and the serving path both call this, so a frame reaches the
 * network as the same bits whichever side produced it.
 */
public final class ImageNormalization {

    /** Colour channels of an input image. */
    public static final int CHANNELS = 3;

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    /** (v / 255 - mean) / std for every byte value v, per channel. */
    private static final float[][] TABLE = new float[CHANNELS][256];

    static {
        for (int ch = 0; ch < CHANNELS; ch++) {
            for (int v = 0; v < 256; v++) {
                TABLE[ch][v] = (v / 255f - MEAN[ch]) / STD[ch];
            }
        }
    }

    private ImageNormalization() {}

    /**
     * Returns the per-channel mean.
     *
     * @return the ImageNet mean, RGB: 0.485, 0.456, 0.406
     */
    public static float[] getMean() {
        return MEAN.clone();
    }

    /**
     * Returns the per-channel standard deviation.
     *
     * @return the ImageNet standard deviation, RGB: 0.229, 0.224, 0.225
     */
    public static float[] getStd() {
        return STD.clone();
    }

    /**
     * Normalises one image.
     *
     * @param rgb width × height × 3 bytes, RGB interleaved, row by row
     * @param width the width in pixels
     * @param height the height in pixels
     * @return 3 × height × width normalised values, channel by channel, row by row
     */
    public static float[] toChw(byte[] rgb, int width, int height) {
        float[] out = new float[CHANNELS * width * height];
        toChw(rgb, width, height, false, out, 0);
        return out;
    }

    /**
     * Normalises one image into part of a larger array, a batch for instance.
     *
     * @param rgb width × height × 3 bytes, RGB interleaved, row by row
     * @param width the width in pixels
     * @param height the height in pixels
     * @param flip whether to mirror the image left to right
     * @param out the array to write to
     * @param offset where its 3 × height × width values start
     */
    public static void toChw(byte[] rgb, int width, int height, boolean flip, float[] out, int offset) {
        int plane = width * height;
        if (rgb.length != CHANNELS * plane) {
            throw new IllegalArgumentException("A " + width + "x" + height + " RGB image has "
                    + CHANNELS * plane + " bytes, got " + rgb.length);
        }
        if (offset < 0 || offset > out.length - CHANNELS * plane) {
            throw new IndexOutOfBoundsException("A " + width + "x" + height + " image at offset " + offset
                    + " does not fit in " + out.length + " floats");
        }
        float[] red = TABLE[0];
        float[] green = TABLE[1];
        float[] blue = TABLE[2];
        int step = flip ? -1 : 1;
        for (int y = 0; y < height; y++) {
            int source = y * width * CHANNELS;
            int target = offset + y * width + (flip ? width - 1 : 0);
            for (int x = 0; x < width; x++, source += CHANNELS, target += step) {
                out[target] = red[rgb[source] & 0xff];
                out[target + plane] = green[rgb[source + 1] & 0xff];
                out[target + 2 * plane] = blue[rgb[source + 2] & 0xff];
            }
        }
    }

    /**
     * Normalises a batch of images of one size into a (B, 3, H, W) float32 array.
     *
     * @param manager the manager that scopes the array
     * @param images the images, each width × height × 3 bytes, RGB interleaved
     * @param width the width in pixels
     * @param height the height in pixels
     * @return the batch, in {@code manager}
     */
    public static NDArray toBatch(NDManager manager, List<byte[]> images, int width, int height) {
        int size = CHANNELS * width * height;
        float[] data = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            toChw(images.get(i), width, height, false, data, i * size);
        }
        return manager.create(FloatBuffer.wrap(data), new Shape(images.size(), CHANNELS, height, width));
    }
}
