package io.glimpse.clients.frames;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Cuts ffmpeg's {@code -f rawvideo -pix_fmt rgb24} output into frames: the stream carries no framing,
 * so every frame is exactly width*height*3 bytes and the size must be known beforehand (ffprobe or
 * {@code --size}).
 */
public final class RawRgbSplitter {

    private final InputStream in;
    private final int width;
    private final int height;

    /**
     * Reads frames of one size.
     *
     * @param in the raw stream; not closed here
     * @param width frame width in pixels
     * @param height frame height in pixels
     */
    public RawRgbSplitter(InputStream in, int width, int height) {
        if (width <= 0 || height <= 0 || (long) width * height * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("unusable frame size " + width + "x" + height);
        }
        this.in = Objects.requireNonNull(in, "in");
        this.width = width;
        this.height = height;
    }

    /**
     * Returns the next frame.
     *
     * @return the frame, or empty at the end of the stream
     * @throws EOFException when the stream ends inside a frame
     * @throws IOException when the stream cannot be read
     */
    public Optional<EncodedImage> next() throws IOException {
        int size = width * height * 3;
        byte[] rgb = in.readNBytes(size);
        if (rgb.length == 0) {
            return Optional.empty();
        }
        if (rgb.length < size) {
            throw new EOFException("raw RGB stream ended inside a frame: " + rgb.length + " of " + size + " bytes");
        }
        return Optional.of(EncodedImage.rgb(rgb, width, height));
    }
}
