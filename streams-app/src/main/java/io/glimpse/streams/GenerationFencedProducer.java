package io.glimpse.streams;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.metrics.KafkaMetric;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A stream thread's transactional producer whose every commit is checked against the thread's consumer
 * group generation, including a commit that carries no input offsets.
 *
 * <p>Under exactly-once v2, the group coordinator refuses the offsets of a thread that has lost its
 * tasks to another member (a zombie), and that refusal aborts the zombie's transaction. A transaction
 * with no offsets is never checked, and the producer commits it. Glimpse writes such transactions: a
 * task answers the frames it restored from its pending store from a wall-clock punctuator, before it
 * reads any input. A zombie's answers would then be committed beside those of the task's new owner. So a
 * transaction that would carry no offsets carries the thread's committed offsets again instead: no
 * offset moves, and the coordinator checks the generation.
 */
final class GenerationFencedProducer implements Producer<byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationFencedProducer.class);

    private final Producer<byte[], byte[]> producer;
    private final String clientId;
    private final Supplier<Consumer<byte[], byte[]>> groupMember;
    private final Duration timeout;
    private boolean warnedUnpaired;
    /** A commit timed out: the next one retries it, and the producer refuses new offsets meanwhile. */
    private boolean commitPending;

    /**
     * Wraps a producer.
     *
     * @param producer the thread's transactional producer
     * @param clientId the producer's client id, for the log
     * @param groupMember the thread's main consumer, the group member whose offsets are committed; null
     *     while it does not exist yet
     * @param timeout how long to wait for the group's committed offsets
     */
    GenerationFencedProducer(Producer<byte[], byte[]> producer, String clientId, Supplier<Consumer<byte[], byte[]>> groupMember,
            Duration timeout) {
        this.producer = producer;
        this.clientId = clientId;
        this.groupMember = groupMember;
        this.timeout = timeout;
    }

    /** {@inheritDoc} */
    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
        producer.sendOffsetsToTransaction(offsets.isEmpty() && !commitPending ? committedOffsets() : offsets, groupMetadata);
    }

    /** The group's committed offsets of the partitions the member is assigned; called on the stream thread. */
    private Map<TopicPartition, OffsetAndMetadata> committedOffsets() {
        Consumer<byte[], byte[]> member = groupMember.get();
        if (member == null) {
            if (!warnedUnpaired) {
                LOG.warn("Producer {} has no main consumer paired with it: its commits without offsets are not fenced", clientId);
                warnedUnpaired = true;
            }
            return Map.of();
        }
        Set<TopicPartition> assigned = member.assignment();
        if (assigned.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(member.committed(assigned, timeout));
        committed.values().removeIf(Objects::isNull);
        LOG.debug("Producer {} commits a transaction without offsets: {} committed offsets sent again, fenced by the group", clientId,
                committed.size());
        return committed;
    }

    /** {@inheritDoc} */
    @Override
    public void initTransactions() {
        producer.initTransactions();
    }

    /** {@inheritDoc} */
    @Override
    public void beginTransaction() {
        producer.beginTransaction();
    }

    /** {@inheritDoc} */
    @Override
    public void commitTransaction() {
        try {
            producer.commitTransaction();
            commitPending = false;
        } catch (TimeoutException e) {
            commitPending = true;
            throw e;
        }
    }

    /** {@inheritDoc} */
    @Override
    public void abortTransaction() {
        producer.abortTransaction();
        commitPending = false;
    }

    /** {@inheritDoc} */
    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        producer.registerMetricForSubscription(metric);
    }

    /** {@inheritDoc} */
    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        producer.unregisterMetricFromSubscription(metric);
    }

    /** {@inheritDoc} */
    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return producer.send(record);
    }

    /** {@inheritDoc} */
    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        return producer.send(record, callback);
    }

    /** {@inheritDoc} */
    @Override
    public void flush() {
        producer.flush();
    }

    /** {@inheritDoc} */
    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return producer.partitionsFor(topic);
    }

    /** {@inheritDoc} */
    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return producer.metrics();
    }

    /** {@inheritDoc} */
    @Override
    public Uuid clientInstanceId(Duration timeout) {
        return producer.clientInstanceId(timeout);
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        producer.close();
    }

    /** {@inheritDoc} */
    @Override
    public void close(Duration timeout) {
        producer.close(timeout);
    }
}
