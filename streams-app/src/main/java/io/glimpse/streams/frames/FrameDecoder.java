package io.glimpse.streams.frames;

import io.glimpse.resize.FrameResizer;
import io.glimpse.resize.InputMapping;
import io.glimpse.resize.ResizePolicy;

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
import javax.imageio.ImageReadParam;
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
    private final long maxPixels;
    private final FrameResizer resizer;

    /**
     * Creates a decoder that accepts only frames of the model's input size.
     *
     * @param deserializer the registry-aware VideoFrame deserializer
     * @param input the model's input
     * @param maxBytes the largest record accepted
     */
    public FrameDecoder(Deserializer<VideoFrame> deserializer, ModelInput input, int maxBytes) {
        this(deserializer, input, maxBytes, ResizePolicy.EXACT, (long) input.width() * input.height());
    }

    /**
     * Creates a decoder that scales frames of any size to the model's input.
     *
     * @param deserializer the registry-aware VideoFrame deserializer
     * @param input the model's input
     * @param maxBytes the largest record accepted
     * @param policy how another size becomes the input
     * @param maxPixels the most pixels a frame may declare; more is a dead letter before anything is decoded
     */
    public FrameDecoder(Deserializer<VideoFrame> deserializer, ModelInput input, int maxBytes, ResizePolicy policy,
            long maxPixels) {
        this.deserializer = deserializer;
        this.width = input.width();
        this.height = input.height();
        this.maxBytes = maxBytes;
        this.maxPixels = Math.max(maxPixels, (long) width * height);
        this.resizer = policy == ResizePolicy.EXACT ? null : new FrameResizer(input.width(), input.height(), policy);
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
        int w = frame.getWidth();
        int h = frame.getHeight();
        if (w < 1 || h < 1 || (long) w * h > maxPixels) {
            throw new InvalidFrameException(DeadLetterReason.WRONG_SIZE,
                    "Frame is " + w + "x" + h + ", outside 1 to " + maxPixels + " pixels (glimpse.frame.max.pixels)");
        }
        if (resizer == null && (w != width || h != height)) {
            throw new InvalidFrameException(
                    DeadLetterReason.WRONG_SIZE,
                    "Frame is " + w + "x" + h + ", the model takes " + width + "x" + height);
        }
        byte[] data = bytes(frame.getData());
        InputMapping mapping = resizer == null ? InputMapping.identity(w, h) : resizer.plan(w, h);
        // A JPEG or PNG shrunk a lot is read at every step-th pixel: the decoder then converts a
        // fraction of the pixels, and the area filter still averages step x step blocks of what is read.
        int step = Math.max(1, (int) Math.min(mapping.sourceWidth() / mapping.inputWidth(),
                mapping.sourceHeight() / mapping.inputHeight()) / 2);
        int dw = w;
        int dh = h;
        byte[] rgb;
        PixelEncoding encoding = frame.getEncoding();
        switch (encoding) {
            case RGB8:
                expectChannels(frame, 3);
                expectLength(data, w * h * 3, encoding);
                rgb = data;
                break;
            case GRAY8:
                expectChannels(frame, 1);
                expectLength(data, w * h, encoding);
                rgb = new byte[w * h * 3];
                for (int i = 0; i < data.length; i++) {
                    rgb[3 * i] = data[i];
                    rgb[3 * i + 1] = data[i];
                    rgb[3 * i + 2] = data[i];
                }
                break;
            case PNG:
            case JPEG:
                dw = (w + step - 1) / step;
                dh = (h + step - 1) / step;
                rgb = decodeImage(data, encoding, w, h, step);
                break;
            default:
                throw new InvalidFrameException(DeadLetterReason.UNDECODABLE, "Unsupported encoding " + encoding);
        }
        if (!mapping.isIdentity()) {
            InputMapping decoded = new InputMapping(dw, dh, mapping.sourceX() * dw / w, mapping.sourceY() * dh / h,
                    mapping.sourceWidth() * dw / w, mapping.sourceHeight() * dh / h,
                    mapping.inputX(), mapping.inputY(), mapping.inputWidth(), mapping.inputHeight());
            rgb = resizer.resize(rgb, decoded);
        }
        return new DecodedFrame(
                frame.getStreamId().toString(), frame.getSequence(), frame.getCaptureTime().toEpochMilli(),
                width, height, rgb, mapping);
    }

    /**
     * Decodes a PNG or JPEG, after reading only its header: an image whose header declares another
     * size than its record is refused before a pixel is allocated, so a few bytes that claim
     * 100000x100000 pixels cannot exhaust the heap.
     */
    private static byte[] decodeImage(byte[] data, PixelEncoding encoding, int width, int height, int step)
            throws InvalidFrameException {
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
                            encoding + " image is " + declaredWidth + "x" + declaredHeight + ", its record says " + width
                                    + "x" + height);
                }
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                image = reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidFrameException(DeadLetterReason.CORRUPT_IMAGE, encoding + " payload does not decode: " + e, e);
        }
        int dw = image.getWidth();
        int dh = image.getHeight();
        int[] argb = image.getRGB(0, 0, dw, dh, null, 0, dw);
        byte[] rgb = new byte[dw * dh * 3];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            rgb[3 * i] = (byte) (p >> 16);
            rgb[3 * i + 1] = (byte) (p >> 8);
            rgb[3 * i + 2] = (byte) p;
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
