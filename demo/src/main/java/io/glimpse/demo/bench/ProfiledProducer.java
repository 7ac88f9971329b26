package io.glimpse.demo.bench;

import io.glimpse.demo.CameraFrame;
import io.glimpse.demo.FrameKey;
import io.glimpse.demo.SimulatedCameras;
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
 * Sends camera frames at a rate that follows a {@link LoadProfile}, which the demo's {@code
 * FrameProducer} (one fixed rate) cannot. Open loop, as real cameras are: frame {@code j} is due when
 * the profile has offered {@code j / capacity} capacity-seconds, its capture time is that due time
 * whether or not the sender kept up, and the cameras take turns. Frames go out as the demo's do
 * (Avro through the registry, keyed by stream id, idempotent producer) and into the {@link
 * RunRecorder} before they are sent.
 */
final class ProfiledProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProfiledProducer.class);

    private final SimulatedCameras cameras;
    private final String topic;
    private final LoadProfile profile;
    private final double capacity;
    private final RunRecorder recorder;
    private final KafkaProducer<String, VideoFrame> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong maxBehindMillis = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private volatile boolean running;
    private Thread pacer;

    /**
     * Creates the producer; it connects lazily.
     *
     * @param bootstrapServers the broker
     * @param registryUrl the schema registry
     * @param topic the frames topic
     * @param cameras where frames come from
     * @param profile the load over time
     * @param capacity frames per second of {@code 1x}
     * @param recorder where each frame is recorded
     */
    ProfiledProducer(String bootstrapServers, String registryUrl, String topic, SimulatedCameras cameras,
            LoadProfile profile, double capacity, RunRecorder recorder) {
        if (!(capacity > 0) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException("Capacity must be positive, got " + capacity);
        }
        this.cameras = cameras;
        this.topic = topic;
        this.profile = profile;
        this.capacity = capacity;
        this.recorder = recorder;
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "glimpse-rho-bench-cameras");
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        AvroSerde<VideoFrame> serde = AvroSerde.specific(VideoFrame.class, AvroSerdeConfig.fromProperties(props, false));
        producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer());
    }

    /**
     * Starts sending on a thread of its own; it stops by itself at the end of the profile.
     *
     * @param startNanos {@link System#nanoTime()} at the run's start
     */
    synchronized void start(long startNanos) {
        if (pacer != null) {
            throw new IllegalStateException("Already started");
        }
        running = true;
        pacer = new Thread(() -> paced(startNanos, recorder.startMillis()), "glimpse-rho-bench-cameras");
        pacer.setDaemon(true);
        pacer.start();
    }

    /**
     * Waits until the profile is over (or the sender stopped), then until every frame is acknowledged.
     *
     * @param timeout how long to wait for the sender at most
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitEnd(Duration timeout) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = pacer;
        }
        if (t != null) {
            t.join(timeout.toMillis());
        }
        stop();
    }

    /** Stops sending, if still sending, and waits until everything sent is acknowledged. */
    void stop() {
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

    long sent() {
        return sent.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** How far the sender fell behind its schedule at worst; the capture times hide nothing, this says why. */
    long maxBehindMillis() {
        return maxBehindMillis.get();
    }

    /** The first error met while sending, or {@code null}. */
    Exception firstError() {
        return firstError.get();
    }

    /** Stops and closes the producer. */
    @Override
    public void close() {
        stop();
        producer.close(Duration.ofSeconds(10));
    }

    private void paced(long startNanos, long startMillis) {
        int cameraCount = cameras.cameraCount();
        try {
            for (long j = 0; running; j++) {
                double due = profile.timeOf(j / capacity);
                if (due >= profile.totalSeconds()) {
                    break;
                }
                long offset = Math.round(due * 1e9);
                long dueNanos = startNanos + offset;
                for (long wait = dueNanos - System.nanoTime(); wait > 0 && running; wait = dueNanos - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (!running) {
                    break;
                }
                long behind = (System.nanoTime() - dueNanos) / 1_000_000;
                if (behind > maxBehindMillis.get()) {
                    maxBehindMillis.set(behind);
                }
                send((int) (j % cameraCount), startMillis + offset / 1_000_000);
            }
        } catch (RuntimeException e) {
            LOG.error("Camera feed stopped", e);
            firstError.compareAndSet(null, e);
        }
    }

    private void send(int camera, long captureMillis) {
        CameraFrame frame = cameras.next(camera, Instant.ofEpochMilli(captureMillis));
        FrameKey key = frame.key();
        recorder.sent(key, frame.label(), captureMillis);
        sent.incrementAndGet();
        producer.send(new ProducerRecord<>(topic, null, captureMillis, key.streamId(), frame.frame()), (metadata, e) -> {
            if (e == null) {
                acknowledged.incrementAndGet();
                recorder.acknowledged(captureMillis);
            } else {
                recorder.failed(key, captureMillis);
                if (firstError.compareAndSet(null, e)) {
                    LOG.error("A frame was not sent", e);
                }
            }
        });
    }
}
