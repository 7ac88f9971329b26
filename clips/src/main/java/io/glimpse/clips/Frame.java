package io.glimpse.clips;

import java.util.Arrays;
import java.util.Objects;

/**
 * One RGB video frame of a clip with what is known about it: the item's class and where the item
 * is. Pixels are 8-bit, interleaved, row by row ({@code HWC}); immutable.
 */
public final class Frame {

    /** Colour channels per pixel. */
    public static final int CHANNELS = 3;

    private final int width;
    private final int height;
    private final byte[] pixels;
    private final int label;
    private final long clipId;
    private final int frameIndex;
    private final BoundingBox itemBox;

    /**
     * Creates a frame from a copy of its pixels.
     *
     * @param width the width, in pixels
     * @param height the height, in pixels
     * @param pixels width × height × 3 bytes, RGB interleaved, row by row
     * @param label the item's class, in [0, 10)
     * @param clipId the clip the frame belongs to
     * @param frameIndex the frame's position in its clip, from 0
     * @param itemBox the item's extent
     */
    public Frame(int width, int height, byte[] pixels, int label, long clipId, int frameIndex, BoundingBox itemBox) {
        this(width, height, pixels.clone(), label, clipId, frameIndex, itemBox, true);
    }

    /** Takes ownership of {@code pixels}: for the generator, which never touches them again. */
    Frame(int width, int height, byte[] pixels, int label, long clipId, int frameIndex, BoundingBox itemBox,
            boolean owned) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("Frame size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != width * height * CHANNELS) {
            throw new IllegalArgumentException("A " + width + "x" + height + " RGB frame has "
                    + width * height * CHANNELS + " bytes, got " + pixels.length);
        }
        if (label < 0 || label >= FashionMnist.CLASS_COUNT) {
            throw new IllegalArgumentException("Label must be in [0, 10), got " + label);
        }
        if (frameIndex < 0) {
            throw new IllegalArgumentException("Frame index must not be negative, got " + frameIndex);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
        this.label = label;
        this.clipId = clipId;
        this.frameIndex = frameIndex;
        this.itemBox = Objects.requireNonNull(itemBox, "itemBox");
    }

    public int getWidth() {
        return width;
    }

    public int getHeight() {
        return height;
    }

    /**
     * Returns a copy of the pixels.
     *
     * @return width × height × 3 bytes, RGB interleaved, row by row
     */
    public byte[] getPixels() {
        return pixels.clone();
    }

    /**
     * Returns one channel of one pixel.
     *
     * @param column the column, in [0, width)
     * @param row the row, in [0, height)
     * @param channel 0 red, 1 green, 2 blue
     * @return the value, in [0, 255]
     */
    public int getPixel(int column, int row, int channel) {
        Objects.checkIndex(column, width);
        Objects.checkIndex(row, height);
        Objects.checkIndex(channel, CHANNELS);
        return pixels[(row * width + column) * CHANNELS + channel] & 0xff;
    }

    /** The pixels, not copied: for readers in this package. */
    byte[] pixels() {
        return pixels;
    }

    /**
     * Returns the item's class.
     *
     * @return in [0, 10), see {@link FashionMnist#CLASS_NAMES}
     */
    public int getLabel() {
        return label;
    }

    /**
     * Returns the clip the frame belongs to.
     *
     * @return the clip's index in its generator
     */
    public long getClipId() {
        return clipId;
    }

    public int getFrameIndex() {
        return frameIndex;
    }

    /**
     * Returns where the item is; occluded parts included.
     *
     * @return a box holding every pixel the item's ink touches
     */
    public BoundingBox getItemBox() {
        return itemBox;
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Frame)) {
            return false;
        }
        Frame f = (Frame) o;
        return width == f.width
                && height == f.height
                && label == f.label
                && clipId == f.clipId
                && frameIndex == f.frameIndex
                && itemBox.equals(f.itemBox)
                && Arrays.equals(pixels, f.pixels);
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return Objects.hash(width, height, label, clipId, frameIndex, itemBox) * 31 + Arrays.hashCode(pixels);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "Frame[clip " + clipId + " #" + frameIndex + ", " + width + "x" + height + ", "
                + FashionMnist.className(label) + " at " + itemBox + "]";
    }
}
