package io.glimpse.streams.frames;

import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.serde.SerializationFailure;
import io.glimpse.streams.inference.ModelInput;

import org.apache.kafka.common.serialization.Deserializer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns the raw bytes of a {@code VideoFrame} record into model-ready RGB pixels, or says precisely
 * why it cannot: every failure is an {@link InvalidFrameException} with its dead-letter reason.
 * Only a registry that cannot be reached is not the frame's fault: that failure propagates, so the
 * record is retried rather than dead-lettered.
 */
public final class FrameDecoder {

    private final Deserializer<VideoFrame> deserializer;
    private final int width;
    private final int height;
    private final int maxBytes;

    /**
     * Creates a decoder for frames of the model's input size.
     *
     * @param deserializer the registry-aware VideoFrame deserializer
     * @param input the model's input
     * @param maxBytes the largest record accepted
     */
    public FrameDecoder(Deserializer<VideoFrame> deserializer, ModelInput input, int maxBytes) {
        this.deserializer = deserializer;
        this.width = input.width();
        this.height = input.height();
        this.maxBytes = maxBytes;
    }

    /**
     * Decodes one record value.
     *
     * @param topic the topic it came from
     * @param value the record value
     * @return the frame
     * @throws InvalidFrameException if the frame cannot be classified: the frame is at fault
     * @throws io.glimpse.schemas.registry.SchemaRegistryException if the registry is unreachable or
     *     refuses the request (after the serde's bounded retries): never the frame's fault, so it is
     *     not dead-lettered; the task fails and retries the record from its last commit
     */
    public DecodedFrame decode(String topic, byte[] value) throws InvalidFrameException {
        if (value == null) {
            throw new InvalidFrameException(DeadLetterReason.UNDECODABLE, "Record has no value");
        }
        if (value.length > maxBytes) {
            throw new InvalidFrameException(
                    DeadLetterReason.OVERSIZE, "Record of " + value.length + " bytes exceeds " + maxBytes);
        }
        VideoFrame frame;
        try {
            frame = deserializer.deserialize(topic, value);
        } catch (SerializationFailure e) {
            DeadLetterReason reason =
                    e.reason() == SerializationFailure.Reason.UNKNOWN_SCHEMA_ID
                                    || e.reason() == SerializationFailure.Reason.SCHEMA_MISMATCH
                            ? DeadLetterReason.UNKNOWN_SCHEMA
                            : DeadLetterReason.UNDECODABLE;
            throw new InvalidFrameException(reason, e.getMessage(), e);
        }
        return toRgb(frame);
    }

    private DecodedFrame toRgb(VideoFrame frame) throws InvalidFrameException {
        if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new InvalidFrameException(
                    DeadLetterReason.WRONG_SIZE,
                    "Frame is " + frame.getWidth() + "x" + frame.getHeight() + ", the model takes " + width + "x" + height);
        }
        byte[] data = bytes(frame.getData());
        byte[] rgb;
        PixelEncoding encoding = frame.getEncoding();
        switch (encoding) {
            case RGB8:
                expectChannels(frame, 3);
                expectLength(data, width * height * 3, encoding);
                rgb = data;
                break;
            case GRAY8:
                expectChannels(frame, 1);
                expectLength(data, width * height, encoding);
                rgb = new byte[width * height * 3];
                for (int i = 0; i < data.length; i++) {
                    rgb[3 * i] = data[i];
                    rgb[3 * i + 1] = data[i];
                    rgb[3 * i + 2] = data[i];
                }
                break;
            case PNG:
            case JPEG:
                rgb = decodeImage(data, encoding);
                break;
            default:
                throw new InvalidFrameException(DeadLetterReason.UNDECODABLE, "Unsupported encoding " + encoding);
        }
        return new DecodedFrame(
                frame.getStreamId().toString(), frame.getSequence(), frame.getCaptureTime().toEpochMilli(),
                width, height, rgb);
    }

    /**
     * Decodes a PNG or JPEG, after reading only its header: an image whose header declares another
     * size is refused before a pixel is allocated, so a few bytes that claim 100000x100000 pixels
     * cannot exhaust the heap.
     */
    private byte[] decodeImage(byte[] data, PixelEncoding encoding) throws InvalidFrameException {
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidFrameException(DeadLetterReason.CORRUPT_IMAGE, encoding + " payload is not an image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int declaredWidth = reader.getWidth(0);
                int declaredHeight = reader.getHeight(0);
                if (declaredWidth != width || declaredHeight != height) {
                    throw new InvalidFrameException(
                            DeadLetterReason.WRONG_SIZE,
                            encoding + " image is " + declaredWidth + "x" + declaredHeight + ", the model takes " + width
                                    + "x" + height);
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidFrameException(DeadLetterReason.CORRUPT_IMAGE, encoding + " payload does not decode: " + e, e);
        }
        byte[] rgb = new byte[width * height * 3];
        int i = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = image.getRGB(x, y);
                rgb[i++] = (byte) (p >> 16);
                rgb[i++] = (byte) (p >> 8);
                rgb[i++] = (byte) p;
            }
        }
        return rgb;
    }

    private static void expectChannels(VideoFrame frame, int channels) throws InvalidFrameException {
        if (frame.getChannels() != channels) {
            throw new InvalidFrameException(
                    DeadLetterReason.WRONG_SIZE,
                    frame.getEncoding() + " frame declares " + frame.getChannels() + " channels, expected " + channels);
        }
    }

    private static void expectLength(byte[] data, int expected, PixelEncoding encoding) throws InvalidFrameException {
        if (data.length != expected) {
            throw new InvalidFrameException(
                    DeadLetterReason.WRONG_SIZE, encoding + " data has " + data.length + " bytes, expected " + expected);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
