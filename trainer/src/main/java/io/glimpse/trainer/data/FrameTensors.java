package io.glimpse.trainer.data;

/**
 * Turns frames into the model's input: float {@code CHW} arrays, each channel scaled to [0, 1]
 * and normalised with the ImageNet mean and standard deviation, as the model fixture is.
 *
 * <p>Plain {@code float[]}, so this works without any engine; a trainer wraps the arrays in
 * tensors.
 */
public final class FrameTensors {

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    /** (v / 255 - mean) / std for every byte value v, per channel. */
    private static final float[][] TABLE = new float[Frame.CHANNELS][256];

    static {
        for (int ch = 0; ch < Frame.CHANNELS; ch++) {
            for (int v = 0; v < 256; v++) {
                TABLE[ch][v] = (v / 255f - MEAN[ch]) / STD[ch];
            }
        }
    }

    private FrameTensors() {}

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
     * Converts a frame.
     *
     * @param frame the frame
     * @return 3 × height × width normalised values, channel by channel, row by row
     */
    public static float[] toChw(Frame frame) {
        float[] out = new float[Frame.CHANNELS * frame.getHeight() * frame.getWidth()];
        toChw(frame, false, out, 0);
        return out;
    }

    /**
     * Converts a frame into part of a larger array, a batch for instance.
     *
     * @param frame the frame
     * @param flip whether to mirror it left to right
     * @param out the array to write to
     * @param offset where its 3 × height × width values start
     */
    public static void toChw(Frame frame, boolean flip, float[] out, int offset) {
        int width = frame.getWidth();
        int height = frame.getHeight();
        int plane = width * height;
        if (offset < 0 || offset > out.length - Frame.CHANNELS * plane) {
            throw new IndexOutOfBoundsException("A " + width + "x" + height + " frame at offset " + offset
                    + " does not fit in " + out.length + " floats");
        }
        byte[] pixels = frame.pixels();
        float[] red = TABLE[0];
        float[] green = TABLE[1];
        float[] blue = TABLE[2];
        for (int y = 0; y < height; y++) {
            int source = y * width * Frame.CHANNELS;
            int target = offset + y * width + (flip ? width - 1 : 0);
            int step = flip ? -1 : 1;
            for (int x = 0; x < width; x++, source += Frame.CHANNELS, target += step) {
                out[target] = red[pixels[source] & 0xff];
                out[target + plane] = green[pixels[source + 1] & 0xff];
                out[target + 2 * plane] = blue[pixels[source + 2] & 0xff];
            }
        }
    }
}
