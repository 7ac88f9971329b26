package io.glimpse.clients.frames;

import io.glimpse.schemas.avro.PixelEncoding;

import java.util.Objects;

/**
 * One image as a source delivers it, before it becomes a {@code VideoFrame}: its bytes in the layout
 * {@code encoding} names, and its size, which the frame must declare.
 *
 * @param data the bytes (not copied: sources hand over fresh arrays)
 * @param encoding how {@code data} holds the pixels
 * @param width width in pixels
 * @param height height in pixels
 * @param channels channels once decoded: 3 for RGB, PNG and JPEG (the app decodes them to RGB), 1 for grey
 */
public record EncodedImage(byte[] data, PixelEncoding encoding, int width, int height, int channels) {

    /** Checks the fields. */
    public EncodedImage {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(encoding, "encoding");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
    }

    /**
     * Returns an RGB8 image.
     *
     * @param rgb height*width*3 bytes
     * @param width width in pixels
     * @param height height in pixels
     * @return the image
     */
    public static EncodedImage rgb(byte[] rgb, int width, int height) {
        return new EncodedImage(rgb, PixelEncoding.RGB8, width, height, 3);
    }

    /**
     * Returns a JPEG image.
     *
     * @param jpeg one complete JPEG file
     * @param width width in pixels
     * @param height height in pixels
     * @return the image
     */
    public static EncodedImage jpeg(byte[] jpeg, int width, int height) {
        return new EncodedImage(jpeg, PixelEncoding.JPEG, width, height, 3);
    }
}
