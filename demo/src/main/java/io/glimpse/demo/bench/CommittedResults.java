package io.glimpse.demo.bench;

import io.glimpse.demo.DemoTopics;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
import java.util.Map;

/**
 * Reads a run's results and dead letters from the beginning, {@code read_committed} (what a
 * downstream consumer of the exactly-once pipeline sees), into a {@link RunRecorder}. The demo's
 * {@code ResultReader} feeds its console statistics; this one feeds the benchmark's phases. It
 * assigns every partition itself, so it reads from the first poll.
 */
final class CommittedResults implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommittedResults.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<FrameResult> results;
    private final DemoTopics topics;
    private final RunRecorder recorder;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    private CommittedResults(String bootstrapServers, String registryUrl, DemoTopics topics, RunRecorder recorder) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "glimpse-rho-bench-results");
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        results = AvroSerde.specific(FrameResult.class, AvroSerdeConfig.fromProperties(props, false)).deserializer();
        this.topics = topics;
        this.recorder = recorder;
        thread = new Thread(this::run, "glimpse-rho-bench-results");
        thread.setDaemon(true);
    }

    /**
     * Starts reading; the topics must exist.
     *
     * @param bootstrapServers the broker
     * @param registryUrl the registry
     * @param topics the run's topics
     * @param recorder where results go
     * @return the running reader
     */
    static CommittedResults start(String bootstrapServers, String registryUrl, DemoTopics topics, RunRecorder recorder) {
        CommittedResults reader = new CommittedResults(bootstrapServers, registryUrl, topics, recorder);
        try {
            reader.assignAll();
        } catch (RuntimeException e) {
            reader.consumer.close();
            throw e;
        }
        reader.thread.start();
        return reader;
    }

    /** Why reading stopped early, or {@code null}. */
    Exception failure() {
        return failure;
    }

    boolean isReading() {
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
        for (String topic : List.of(topics.results(), topics.deadLetters())) {
            partitionsOf(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
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
                    if (record.topic().equals(topics.results())) {
                        recorder.result(results.deserialize(record.topic(), record.headers(), record.value()), now);
                    } else {
                        recorder.deadLetter();
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
