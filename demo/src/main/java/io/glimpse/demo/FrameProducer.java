package io.glimpse.demo;

import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the frames of {@link SimulatedCameras} to the frames topic as Glimpse's gateways would:
 * {@code VideoFrame} values through the registry-aware Avro serde, keyed by stream id (UTF-8, which
 * is what the topology's byte-array source expects), with an idempotent producer. Each frame's true
 * label goes into a {@link GroundTruth} before the frame is sent.
 *
 * <p>This is a load generator, so it paces itself by the real clock, open loop: frame {@code j} of
 * the run is due {@code j / (cameras × fps)} seconds after the start, cameras interleaved, and its
 * capture time is that due time, whether or not the sender kept up. Latency measured from capture
 * time therefore includes any time the generator fell behind, as it would for a real camera.
 * {@link #produce(long)} sends a fixed number of frames as fast as possible instead (a backlog).
 *
 * <p>{@link #start()} and {@link #produce(long)} must not run at the same time.
 */
public final class FrameProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FrameProducer.class);

    private final SimulatedCameras cameras;
    private final String topic;
    private final double framesPerSecond;
    private final GroundTruth truth;
    private final KafkaProducer<String, VideoFrame> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private volatile boolean running;
    private Thread pacer;
    private long nextFrame;

    private FrameProducer(Builder b) {
        cameras = b.cameras;
        topic = b.topic;
        framesPerSecond = b.framesPerSecond;
        truth = b.truth != null ? b.truth : new GroundTruth();
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "glimpse-cameras");
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, b.registryUrl);
        props.putAll(b.overrides);
        AvroSerde<VideoFrame> serde = AvroSerde.specific(VideoFrame.class, AvroSerdeConfig.fromProperties(props, false));
        producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts sending at the configured rate on a thread of its own, until {@link #stop()}.
     *
     * @throws IllegalStateException if already started
     */
    public synchronized void start() {
        if (pacer != null) {
            throw new IllegalStateException("Already started");
        }
        running = true;
        pacer = new Thread(this::paced, "glimpse-cameras");
        pacer.setDaemon(true);
        pacer.start();
    }

    /**
     * Sends frames as fast as the producer takes them, cameras in turn, each stamped with the time
     * it is sent, and waits until all are acknowledged.
     *
     * @param count how many frames
     */
    public void produce(long count) {
        for (long i = 0; i < count; i++) {
            send(Instant.now());
        }
        producer.flush();
    }

    /** Stops the paced sender, if running, and waits until everything sent is acknowledged. */
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = pacer;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.flush();
    }

    /**
     * Returns the frames handed to the producer.
     *
     * @return the count
     */
    public long sent() {
        return sent.get();
    }

    /**
     * Returns the frames the broker acknowledged: those that will get a result.
     *
     * @return the count
     */
    public long acknowledged() {
        return acknowledged.get();
    }

    /**
     * Returns the frames the broker did not take.
     *
     * @return the count
     */
    public long failed() {
        return failed.get();
    }

    public GroundTruth groundTruth() {
        return truth;
    }

    /**
     * Returns the total rate this producer aims at when paced.
     *
     * @return frames per second, all cameras together
     */
    public double targetRate() {
        return framesPerSecond * cameras.cameraCount();
    }

    /** Stops and closes the producer. */
    @Override
    public void close() {
        stop();
        producer.close(Duration.ofSeconds(10));
    }

    private void paced() {
        double interval = 1e9 / targetRate();
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        try {
            for (long j = 0; running; j++) {
                long offset = Math.round(j * interval);
                long due = startNanos + offset;
                for (long wait = due - System.nanoTime(); wait > 0 && running; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (!running) {
                    break;
                }
                send(Instant.ofEpochMilli(startMillis + offset / 1_000_000));
            }
        } catch (RuntimeException e) {
            LOG.error("Camera feed stopped", e);
            firstError.compareAndSet(null, e);
        }
    }

    private void send(Instant captureTime) {
        int camera = (int) (nextFrame++ % cameras.cameraCount());
        CameraFrame frame = cameras.next(camera, captureTime);
        FrameKey key = frame.key();
        truth.record(key, frame.label());
        sent.incrementAndGet();
        producer.send(
                new ProducerRecord<>(topic, null, captureTime.toEpochMilli(), key.streamId(), frame.frame()),
                (metadata, e) -> {
                    if (e == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        truth.take(key);
                        if (firstError.compareAndSet(null, e)) {
                            LOG.error("A frame was not sent", e);
                        }
                    }
                });
    }

    /**
     * Returns the first error the sender met, if any.
     *
     * @return the error, or {@code null}
     */
    public Exception firstError() {
        return firstError.get();
    }

    /** Builds a {@link FrameProducer}. */
    public static final class Builder {
        private String bootstrapServers;
        private String registryUrl;
        private String topic;
        private SimulatedCameras cameras;
        private double framesPerSecond = 5;
        private GroundTruth truth;
        private final Map<String, Object> overrides = new HashMap<>();

        private Builder() {}

        public Builder setBootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder setRegistryUrl(String registryUrl) {
            this.registryUrl = registryUrl;
            return this;
        }

        public Builder setTopic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder setCameras(SimulatedCameras cameras) {
            this.cameras = cameras;
            return this;
        }

        /**
         * Sets the paced rate of each camera (default 5).
         *
         * @param framesPerSecond frames per second per camera, above 0
         * @return this builder
         */
        public Builder optFramesPerSecond(double framesPerSecond) {
            this.framesPerSecond = framesPerSecond;
            return this;
        }

        /**
         * Shares a ground truth (default: a new one).
         *
         * @param truth where labels go
         * @return this builder
         */
        public Builder optGroundTruth(GroundTruth truth) {
            this.truth = truth;
            return this;
        }

        /**
         * Sets a producer or serde property, overriding Glimpse's choice.
         *
         * @param key the property
         * @param value its value
         * @return this builder
         */
        public Builder optProperty(String key, Object value) {
            overrides.put(key, value);
            return this;
        }

        /**
         * Validates and builds; connects lazily.
         *
         * @return the producer
         */
        public FrameProducer build() {
            if (bootstrapServers == null || registryUrl == null || topic == null || cameras == null) {
                throw new IllegalArgumentException("Bootstrap servers, registry URL, topic and cameras are required");
            }
            if (!(framesPerSecond > 0) || Double.isInfinite(framesPerSecond)) {
                throw new IllegalArgumentException("Frames per second must be positive, got " + framesPerSecond);
            }
            return new FrameProducer(this);
        }
    }
}
