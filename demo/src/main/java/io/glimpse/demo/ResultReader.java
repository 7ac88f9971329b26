package io.glimpse.demo;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the results and dead-letter topics from the beginning, committed records only (what a
 * downstream consumer of an exactly-once pipeline sees), and feeds them to a {@link ResultSink}. It
 * assigns every partition itself rather than joining a group, so it reads from the first poll.
 */
public final class ResultReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResultReader.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<FrameResult> results;
    private final String resultsTopic;
    private final String deadLetterTopic;
    private final ResultSink sink;
    private final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    private ResultReader(Map<String, Object> connection, String resultsTopic, String deadLetterTopic,
            ResultSink sink, String clientId) {
        Map<String, Object> props = new HashMap<>(connection);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.results = AvroSerde.specific(FrameResult.class, AvroSerdeConfig.fromProperties(props, false)).deserializer();
        this.resultsTopic = resultsTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.sink = sink;
        this.thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
    }

    /**
     * Starts reading, as {@code glimpse-demo-results}. The topics must exist.
     *
     * @param bootstrapServers the broker
     * @param registryUrl the schema registry
     * @param resultsTopic the FrameResult topic
     * @param deadLetterTopic the dead-letter topic, or {@code null} not to count dead letters
     * @param sink where results go
     * @return the running reader
     */
    public static ResultReader start(String bootstrapServers, String registryUrl, String resultsTopic,
            String deadLetterTopic, ResultSink sink) {
        return start(bootstrapServers, registryUrl, resultsTopic, deadLetterTopic, sink, "glimpse-demo-results");
    }

    /**
     * Starts reading. The topics must exist.
     *
     * @param bootstrapServers the broker
     * @param registryUrl the schema registry
     * @param resultsTopic the FrameResult topic
     * @param deadLetterTopic the dead-letter topic, or {@code null} not to count dead letters
     * @param sink where results go
     * @param clientId the consumer's client id and thread name
     * @return the running reader
     */
    public static ResultReader start(String bootstrapServers, String registryUrl, String resultsTopic,
            String deadLetterTopic, ResultSink sink, String clientId) {
        return start(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl),
                resultsTopic, deadLetterTopic, sink, clientId);
    }

    /**
     * Starts reading, as {@code glimpse-demo-results}, with whatever a secured cluster asks of a client.
     *
     * @param connection {@code bootstrap.servers}, {@code schema.registry.url} and any security or
     *     registry-credential settings
     * @param resultsTopic the FrameResult topic
     * @param deadLetterTopic the dead-letter topic, or {@code null} not to count dead letters
     * @param sink where results go
     * @return the running reader
     */
    public static ResultReader start(Map<String, Object> connection, String resultsTopic, String deadLetterTopic, ResultSink sink) {
        return start(connection, resultsTopic, deadLetterTopic, sink, "glimpse-demo-results");
    }

    private static ResultReader start(Map<String, Object> connection, String resultsTopic, String deadLetterTopic,
            ResultSink sink, String clientId) {
        ResultReader reader = new ResultReader(connection, resultsTopic, deadLetterTopic, sink, clientId);
        try {
            reader.assignAll();
        } catch (RuntimeException e) {
            reader.consumer.close();
            throw e;
        }
        reader.thread.start();
        return reader;
    }

    /**
     * Waits until at least {@code count} results were read.
     *
     * @param count the results expected
     * @param timeout how long to wait at most
     * @return whether they arrived in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitResults(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (delivered.get() < count) {
            if (System.nanoTime() > deadline || !thread.isAlive()) {
                return delivered.get() >= count;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /**
     * Returns why reading stopped early, if it did.
     *
     * @return the error, or {@code null}
     */
    public Exception failure() {
        return failure;
    }

    /**
     * Says whether the reader still reads.
     *
     * @return false once it stopped, closed or failed
     */
    public boolean isReading() {
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

    private void assignAll() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : deadLetterTopic == null ? List.of(resultsTopic) : List.of(resultsTopic, deadLetterTopic)) {
            List<PartitionInfo> infos = partitionsOf(topic);
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** A topic just created may take a moment to reach the broker's metadata: asks until it is there. */
    private List<PartitionInfo> partitionsOf(String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos != null && !infos.isEmpty()) {
                return infos;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topic " + topic + " does not exist");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while looking for topic " + topic, e);
            }
        }
    }

    private void run() {
        try (consumer) {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    if (record.topic().equals(resultsTopic)) {
                        sink.onResult(results.deserialize(record.topic(), record.headers(), record.value()), now);
                        delivered.incrementAndGet();
                    } else {
                        sink.onDeadLetter();
                    }
                }
            }
        } catch (WakeupException e) {
            // Closing.
        } catch (RuntimeException e) {
            if (running) {
                failure = e;
                LOG.error("Result reader stopped", e);
            }
        }
    }
}
