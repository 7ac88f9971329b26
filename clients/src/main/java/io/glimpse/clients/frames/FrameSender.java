package io.glimpse.clients.frames;

import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Puts one stream's frames on the frames topic as a camera gateway would: keyed by stream id (one
 * partition, so in order), sequence from 0, capture time the moment of sending. The producer is
 * idempotent with {@code acks=all}, so a retry neither duplicates nor reorders a frame.
 */
public final class FrameSender implements AutoCloseable {

    /** Room for a large frame; the topic's {@code max.message.bytes} still decides. */
    static final int MAX_REQUEST_SIZE = 8 * 1024 * 1024;

    private final KafkaProducer<String, VideoFrame> producer;
    private final String topic;
    private final String streamId;
    private final Clock clock;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sequence;
    private long bytes;

    private FrameSender(Builder b) {
        Map<String, Object> props = new HashMap<>(b.clientProperties);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_SIZE);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "glimpse-frames-send");
        AvroSerdeConfig serde = AvroSerdeConfig.fromProperties(props, false);
        this.producer = new KafkaProducer<>(props, new StringSerializer(),
                AvroSerde.specific(VideoFrame.class, serde).serializer());
        this.topic = b.topic;
        this.streamId = b.streamId;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends the next frame, without waiting for the broker.
     *
     * @param image the frame's pixels
     * @return the frame's sequence number
     * @throws IOException when an earlier frame could not be sent
     */
    public long send(EncodedImage image) throws IOException {
        check();
        long seq = sequence++;
        VideoFrame frame = VideoFrame.newBuilder().setStreamId(streamId).setSequence(seq)
                .setCaptureTime(clock.instant()).setWidth(image.width()).setHeight(image.height())
                .setChannels(image.channels()).setEncoding(image.encoding()).setData(ByteBuffer.wrap(image.data()))
                .build();
        producer.send(new ProducerRecord<>(topic, streamId, frame), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        bytes += image.data().length;
        return seq;
    }

    /** Returns how many frames were handed to the producer. */
    public long sent() {
        return sequence;
    }

    /** Returns how many payload bytes were handed to the producer. */
    public long bytes() {
        return bytes;
    }

    /**
     * Waits until every frame sent so far is on the broker.
     *
     * @throws IOException when one of them could not be sent
     */
    public void flush() throws IOException {
        producer.flush();
        check();
    }

    /** Flushes, then closes the producer; a frame that failed is reported. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            producer.close();
        }
    }

    private void check() throws IOException {
        Exception e = failure.get();
        if (e != null) {
            throw new IOException("could not send a frame to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Configures a {@link FrameSender}; client properties, topic and stream id are required. */
    public static final class Builder {

        private Map<String, Object> clientProperties;
        private String topic;
        private String streamId;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** {@code bootstrap.servers}, {@code schema.registry.url} and any other producer settings. */
        public Builder setClientProperties(Map<String, Object> clientProperties) {
            this.clientProperties = Map.copyOf(clientProperties);
            return this;
        }

        public Builder setTopic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** The record key and {@code VideoFrame.streamId}. */
        public Builder setStreamId(String streamId) {
            this.streamId = Objects.requireNonNull(streamId, "streamId");
            return this;
        }

        /** The capture-time clock; the system's by default. */
        public Builder optClock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public FrameSender build() {
            if (clientProperties == null || topic == null || streamId == null) {
                throw new IllegalStateException("setClientProperties, setTopic and setStreamId are required");
            }
            return new FrameSender(this);
        }
    }
}
