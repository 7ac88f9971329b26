package io.glimpse.demo.chaos;

import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.streams.frames.DeadLetterReason;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends malformed frames of every dead-letter class a producer can cause, keyed by a camera's stream id
 * so that they land in that camera's partition between its good frames. Each carries the header
 * {@value #EXPECT_HEADER} naming the dead-letter reason it must get, which the audit checks.
 *
 * <p>{@link DeadLetterReason#INFERENCE_FAILED} and {@link DeadLetterReason#PENDING_UNREADABLE} cannot be
 * caused from outside the app (a model failing on one frame; a downgrade), so they are not sent.
 */
public final class MalformedFrames implements AutoCloseable {

    /** The header naming the reason a malformed frame must be dead-lettered with. */
    public static final String EXPECT_HEADER = "glimpse.chaos.expect";

    /** The classes sent, in turn. */
    public static final List<DeadLetterReason> CLASSES = List.of(DeadLetterReason.UNDECODABLE, DeadLetterReason.UNKNOWN_SCHEMA,
            DeadLetterReason.OVERSIZE, DeadLetterReason.WRONG_SIZE, DeadLetterReason.CORRUPT_IMAGE, DeadLetterReason.KEY_MISMATCH);

    private static final int UNKNOWN_SCHEMA_ID = 987_654_321;

    private final String topic;
    private final int imageSize;
    private final int maxFrameBytes;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Serializer<VideoFrame> serializer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * Creates the sender.
     *
     * @param bootstrapServers the broker
     * @param registryUrl the registry, for the frames that are valid Avro
     * @param topic the frames topic
     * @param imageSize the model's input side (a frame of this size is not "wrong size" by itself)
     * @param maxFrameBytes the app's {@code glimpse.frame.max.bytes}; an oversize frame exceeds it
     */
    public MalformedFrames(String bootstrapServers, String registryUrl, String topic, int imageSize, int maxFrameBytes) {
        this.topic = topic;
        this.imageSize = imageSize;
        this.maxFrameBytes = maxFrameBytes;
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * maxFrameBytes + 65_536);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "glimpse-chaos-malformed");
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.serializer = AvroSerde.specific(VideoFrame.class, AvroSerdeConfig.fromProperties(props, false)).serializer();
    }

    /**
     * Registers the frame schema (a good frame is serialised, not sent), so that later malformed frames
     * can be made while the registry is down, as a producer that has been running would.
     */
    public void warmUp() {
        serializer.serialize(topic, frame("warm-up", 0, imageSize, imageSize, PixelEncoding.RGB8, new byte[imageSize * imageSize * 3]));
    }

    /**
     * Sends one malformed frame of the given class on the given camera's key.
     *
     * @param reason what it must be dead-lettered as
     * @param streamId the camera whose partition it goes to
     */
    public void send(DeadLetterReason reason, String streamId) {
        long n = sent.incrementAndGet();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, streamId.getBytes(StandardCharsets.UTF_8),
                payload(reason, streamId, -n));
        record.headers().add(EXPECT_HEADER, reason.name().getBytes(StandardCharsets.UTF_8));
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                failed.incrementAndGet();
            }
        });
    }

    private byte[] payload(DeadLetterReason reason, String streamId, long sequence) {
        byte[] good = serializer.serialize(topic, frame(streamId, sequence, imageSize, imageSize, PixelEncoding.RGB8,
                new byte[imageSize * imageSize * 3]));
        return switch (reason) {
            case UNDECODABLE -> {
                byte[] bytes = sequence % 2 == 0 ? good.clone() : Arrays.copyOf(good, good.length / 2);
                if (sequence % 2 == 0) {
                    bytes[0] = 7;
                }
                yield bytes;
            }
            case UNKNOWN_SCHEMA -> {
                byte[] bytes = good.clone();
                ByteBuffer.wrap(bytes, 1, 4).putInt(UNKNOWN_SCHEMA_ID);
                yield bytes;
            }
            case OVERSIZE -> serializer.serialize(topic, frame(streamId, sequence, imageSize, imageSize, PixelEncoding.RGB8,
                    new byte[maxFrameBytes + 1024]));
            case WRONG_SIZE -> serializer.serialize(topic, frame(streamId, sequence, imageSize, imageSize, PixelEncoding.RGB8,
                    new byte[17]));
            case CORRUPT_IMAGE -> serializer.serialize(topic, frame(streamId, sequence, imageSize, imageSize, PixelEncoding.PNG,
                    "not a png".getBytes(StandardCharsets.UTF_8)));
            case KEY_MISMATCH -> serializer.serialize(topic, frame(streamId + "-elsewhere", sequence, imageSize, imageSize,
                    PixelEncoding.RGB8, new byte[imageSize * imageSize * 3]));
            default -> throw new IllegalArgumentException(reason + " cannot be caused by a producer");
        };
    }

    private static VideoFrame frame(String streamId, long sequence, int width, int height, PixelEncoding encoding, byte[] data) {
        return VideoFrame.newBuilder()
                .setStreamId(streamId)
                .setSequence(sequence)
                .setCaptureTime(Instant.now())
                .setWidth(width)
                .setHeight(height)
                .setChannels(3)
                .setEncoding(encoding)
                .setData(ByteBuffer.wrap(data))
                .build();
    }

    /** Malformed frames handed to the producer. */
    public long sent() {
        return sent.get();
    }

    /** Malformed frames the broker did not take. */
    public long failed() {
        return failed.get();
    }

    /** Waits until everything sent is acknowledged. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
