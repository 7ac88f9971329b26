package io.glimpse.streams.frames;

/**
 * A frame ready for the model: identity, timestamps and 8-bit RGB pixels (H × W × 3, row-major,
 * interleaved), whatever encoding it arrived in. Immutable; the pixel array is not copied on the
 * way out, so callers must not modify it.
 */
public final class DecodedFrame {

    private final String streamId;
    private final long sequence;
    private final long captureTime;
    private final int width;
    private final int height;
    private final byte[] rgb;

    /**
     * Creates a frame.
     *
     * @param streamId the camera or stream id
     * @param sequence the frame number within the stream
     * @param captureTime capture time, epoch milliseconds
     * @param width W
     * @param height H
     * @param rgb H × W × 3 bytes
     */
    public DecodedFrame(String streamId, long sequence, long captureTime, int width, int height, byte[] rgb) {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException(
                    "RGB data of " + rgb.length + " bytes for a " + width + "x" + height + " frame");
        }
        this.streamId = streamId;
        this.sequence = sequence;
        this.captureTime = captureTime;
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    public String getStreamId() {
        return streamId;
    }

    public long getSequence() {
        return sequence;
    }

    public long getCaptureTime() {
        return captureTime;
    }

    public int getWidth() {
        return width;
    }

    public int getHeight() {
        return height;
    }

    /**
     * Returns the pixels.
     *
     * @return H × W × 3 bytes, shared, not to be modified
     */
    public byte[] getRgb() {
        return rgb;
    }
}
