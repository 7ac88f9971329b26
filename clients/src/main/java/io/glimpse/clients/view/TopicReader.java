package io.glimpse.clients.view;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Reads the frames, results and dead-letter topics into a {@link ViewState}, committed records only
 * ({@code read_committed}: what downstream consumers of the exactly-once app see, never results of an
 * aborted transaction). It assigns every partition itself, from the end, rather than joining a
 * consumer group: a view shows what happens now, needs no offsets, commits none, and never
 * rebalances anyone, so any number of views can watch at once. A topic that does not exist yet is
 * looked for again every few seconds. One thread; it never skips a record to keep up, since only
 * the display is throttled.
 */
public final class TopicReader implements AutoCloseable {

    /** The dead-letter header that names the reason (the app's {@code DeadLetterReason}). */
    public static final String REASON_HEADER = "glimpse.dlq.reason";

    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
    private static final long RETRY_TOPICS_MILLIS = 3000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<VideoFrame> frames;
    private final Deserializer<FrameResult> results;
    private final ViewTopics topics;
    private final ViewState state;
    private final Thread thread;
    private final Set<String> assigned = new CopyOnWriteArraySet<>();
    private volatile boolean running = true;
    private volatile long skipped;

    private TopicReader(Map<String, Object> clientProperties, ViewTopics topics, ViewState state) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "glimpse-view");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        AvroSerdeConfig serde = AvroSerdeConfig.fromProperties(props, false);
        this.frames = AvroSerde.specific(VideoFrame.class, serde).deserializer();
        this.results = AvroSerde.specific(FrameResult.class, serde).deserializer();
        this.topics = topics;
        this.state = state;
        this.thread = new Thread(this::run, "glimpse-view-reader");
        thread.setDaemon(true);
    }

    /**
     * Starts reading.
     *
     * @param clientProperties Kafka consumer and registry properties ({@code bootstrap.servers},
     *     {@code schema.registry.url}, security settings)
     * @param topics the topics
     * @param state where the records go
     * @return the running reader
     */
    public static TopicReader start(Map<String, Object> clientProperties, ViewTopics topics, ViewState state) {
        TopicReader reader = new TopicReader(clientProperties, topics, state);
        reader.thread.start();
        return reader;
    }

    /**
     * Returns the topics found and positioned at their end so far.
     *
     * @return topic names
     */
    public Set<String> assignedTopics() {
        return Set.copyOf(assigned);
    }

    /**
     * Returns the records that could not be read (a frame the registry cannot decode, say).
     *
     * @return the count
     */
    public long skipped() {
        return skipped;
    }

    /**
     * Returns whether the reader still runs.
     *
     * @return false once it stopped, by {@link #close} or a fatal error
     */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long nextLookup = 0;
        long nextLag = 0;
        try (consumer) {
            while (running) {
                long now = System.currentTimeMillis();
                if (assigned.size() < 3 && now >= nextLookup) {
                    assignFound();
                    nextLookup = now + RETRY_TOPICS_MILLIS;
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(100);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    take(record, System.currentTimeMillis());
                }
                now = System.currentTimeMillis();
                if (now >= nextLag) {
                    lag().ifPresent(l -> state.onLag(l, System.currentTimeMillis()));
                    nextLag = now + 1000;
                }
            }
        } catch (WakeupException e) {
            // Closing.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("The view's reader stopped", e);
            }
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> record, long now) {
        String topic = record.topic();
        try {
            if (topic.equals(topics.deadLetters())) {
                Header reason = record.headers().lastHeader(REASON_HEADER);
                state.onDeadLetter(reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8), now);
            } else if (topic.equals(topics.results())) {
                state.onResult(results.deserialize(topic, record.headers(), record.value()), now);
            } else {
                state.onFrame(frames.deserialize(topic, record.headers(), record.value()), now);
            }
        } catch (RuntimeException e) {
            // A malformed frame is the app's to dead-letter; the view only shows what it can read.
            if (skipped++ == 0) {
                LOG.warn("Skipping a record of {} the view cannot read: {}", topic, e.toString());
            }
        }
    }

    private void assignFound() {
        Set<TopicPartition> partitions = new LinkedHashSet<>(consumer.assignment());
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : topics.all()) {
            if (assigned.contains(topic)) {
                continue;
            }
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                continue;
            }
            if (infos != null) {
                infos.forEach(p -> added.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        if (added.isEmpty()) {
            return;
        }
        partitions.addAll(added);
        consumer.assign(partitions);
        consumer.seekToEnd(added);
        added.forEach(consumer::position);
        added.forEach(p -> assigned.add(p.topic()));
        LOG.info("Reading {} from their end", assigned);
    }

    private OptionalLong lag() {
        long total = 0;
        boolean known = false;
        for (TopicPartition p : consumer.assignment()) {
            if (p.topic().equals(topics.results())) {
                OptionalLong l = consumer.currentLag(p);
                if (l.isPresent()) {
                    total += l.getAsLong();
                    known = true;
                }
            }
        }
        return known ? OptionalLong.of(total) : OptionalLong.empty();
    }
}
