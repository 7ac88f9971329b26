package io.glimpse.clients.view;

import io.glimpse.schemas.avro.VideoFrame;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import javax.imageio.ImageIO;

/**
 * A frame as a browser can show it: PNG and JPEG frames pass through untouched, raw RGB8 and GRAY8
 * pixels are encoded to PNG. Encoding costs milliseconds, so the view does it only when a page asks
 * for the picture, not for every frame it reads.
 *
 * @param contentType the media type
 * @param bytes the image file
 */
public record FrameImage(String contentType, byte[] bytes) {

    /** Checks both parts are present. */
    public FrameImage {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(bytes, "bytes");
    }

    /**
     * Converts a frame.
     *
     * @param frame the frame
     * @return its image
     * @throws IllegalArgumentException if raw pixel data has the wrong length
     */
    public static FrameImage of(VideoFrame frame) {
        byte[] data = bytes(frame.getData());
        return switch (frame.getEncoding()) {
            case PNG -> new FrameImage("image/png", data);
            case JPEG -> new FrameImage("image/jpeg", data);
            case RGB8 -> new FrameImage("image/png", png(frame.getWidth(), frame.getHeight(), 3, data));
            case GRAY8 -> new FrameImage("image/png", png(frame.getWidth(), frame.getHeight(), 1, data));
        };
    }

    private static byte[] png(int width, int height, int channels, byte[] data) {
        if (width < 1 || height < 1 || (long) width * height * channels != data.length) {
            throw new IllegalArgumentException("a " + width + "x" + height + "x" + channels + " frame cannot hold "
                    + data.length + " bytes");
        }
        BufferedImage image = new BufferedImage(width, height,
                channels == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        if (channels == 1) {
            image.getRaster().setDataElements(0, 0, width, height, data);
        } else {
            int[] rgb = new int[width * height];
            for (int i = 0, p = 0; i < rgb.length; i++, p += 3) {
                rgb[i] = (data[p] & 0xff) << 16 | (data[p + 1] & 0xff) << 8 | (data[p + 2] & 0xff);
            }
            image.setRGB(0, 0, width, height, rgb, 0, width);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 256);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
