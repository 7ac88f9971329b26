package io.glimpse.clients.frames;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Cuts a stream of concatenated JPEG files (ffmpeg's {@code -f image2pipe -c:v mjpeg}) into images.
 *
 * <p>It follows the JPEG structure instead of searching for the next {@code FFD9}: marker segments are
 * skipped by their length, so an EXIF thumbnail (a whole JPEG inside an APP1 segment) cannot end an image
 * early, and in entropy-coded data only an {@code FF} followed by a marker other than a restart counts.
 * The size comes from the SOF segment on the way, so no image is decoded. Reads are buffered here, so a
 * marker split across two reads of the underlying stream is no special case.
 */
public final class MjpegSplitter {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int TEM = 0x01;

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private final ByteArrayOutputStream image = new ByteArrayOutputStream(128 * 1024);
    private int position;
    private int limit;

    /**
     * Reads from a stream.
     *
     * @param in the concatenated JPEG files; not closed here
     */
    public MjpegSplitter(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    /**
     * Returns the next image.
     *
     * @return the image, or empty when the stream ends before another image starts
     * @throws EOFException when the stream ends inside an image
     * @throws IOException when the stream cannot be read or is not JPEG
     */
    public Optional<EncodedImage> next() throws IOException {
        if (!skipToStart()) {
            return Optional.empty();
        }
        image.reset();
        image.write(0xFF);
        image.write(SOI);
        int width = -1;
        int height = -1;
        int marker = nextMarker();
        while (marker != EOI) {
            if (marker == SOI || marker == TEM || (marker >= 0xD0 && marker <= 0xD7)) {
                marker = nextMarker();
                continue;
            }
            int length = (take() << 8) | take();
            if (length < 2) {
                throw new IOException("not an MJPEG stream: segment FF" + Integer.toHexString(marker) + " of length " + length);
            }
            byte[] segment = new byte[length - 2];
            for (int i = 0; i < segment.length; i++) {
                segment[i] = (byte) take();
            }
            if (isStartOfFrame(marker) && segment.length >= 5) {
                height = ((segment[1] & 0xFF) << 8) | (segment[2] & 0xFF);
                width = ((segment[3] & 0xFF) << 8) | (segment[4] & 0xFF);
            }
            marker = marker == SOS ? skipEntropyCoded() : nextMarker();
        }
        if (width <= 0 || height <= 0) {
            throw new IOException("not an MJPEG stream: an image without a frame header (SOF)");
        }
        return Optional.of(EncodedImage.jpeg(image.toByteArray(), width, height));
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** Skips anything before the next SOI; false at the end of the stream. */
    private boolean skipToStart() throws IOException {
        int previous = -1;
        for (int b = read(); b >= 0; b = read()) {
            if (previous == 0xFF && b == SOI) {
                return true;
            }
            previous = b;
        }
        return false;
    }

    /** Reads a marker: FF, any fill FFs, and its code. */
    private int nextMarker() throws IOException {
        int b = take();
        if (b != 0xFF) {
            throw new IOException("not an MJPEG stream: expected a marker, found 0x" + Integer.toHexString(b));
        }
        while (b == 0xFF) {
            b = take();
        }
        return b;
    }

    /** Skips a scan's data up to the marker after it (stuffed FF00 and restarts are data); returns its code. */
    private int skipEntropyCoded() throws IOException {
        while (true) {
            int b = take();
            if (b != 0xFF) {
                continue;
            }
            while (b == 0xFF) {
                b = take();
            }
            if (b != 0x00 && (b < 0xD0 || b > 0xD7)) {
                return b;
            }
        }
    }

    /** Reads one byte of the current image, which must go on. */
    private int take() throws IOException {
        int b = read();
        if (b < 0) {
            throw new EOFException("MJPEG stream ended inside an image");
        }
        image.write(b);
        return b;
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++] & 0xFF;
    }
}
