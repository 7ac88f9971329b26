package io.glimpse.streams.frames;

import io.glimpse.resize.InputMapping;

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
    private final InputMapping mapping;

    /**
     * Creates a frame that arrived at the model's size.
     *
     * @param streamId the camera or stream id
     * @param sequence the frame number within the stream
     * @param captureTime capture time, epoch milliseconds
     * @param width W
     * @param height H
     * @param rgb H × W × 3 bytes
     */
    public DecodedFrame(String streamId, long sequence, long captureTime, int width, int height, byte[] rgb) {
        this(streamId, sequence, captureTime, width, height, rgb, InputMapping.identity(width, height));
    }

    /**
     * Creates a frame scaled from an original of another size.
     *
     * @param streamId the camera or stream id
     * @param sequence the frame number within the stream
     * @param captureTime capture time, epoch milliseconds
     * @param width W of the model input
     * @param height H of the model input
     * @param rgb H × W × 3 bytes
     * @param mapping where the input came from in the original frame
     */
    public DecodedFrame(String streamId, long sequence, long captureTime, int width, int height, byte[] rgb,
            InputMapping mapping) {
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
        this.mapping = mapping;
    }

    /**
     * Returns where the pixels came from in the original frame.
     *
     * @return the mapping; the identity for a frame that arrived at the model's size
     */
    public InputMapping getMapping() {
        return mapping;
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
