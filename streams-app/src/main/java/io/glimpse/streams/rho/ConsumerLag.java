package io.glimpse.streams.rho;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The input topic's consumer lag of this instance (frames not yet read, summed over its
 * partitions), read from the Kafka client metrics ({@code consumer-fetch-manager-metrics},
 * {@code records-lag}) and cached briefly, since reading every metric per batch would cost more than
 * the answer is worth. It is bound to the metrics once Kafka Streams exists, after the policy: until
 * then, and whenever no partition reports, the lag is unknown (-1).
 */
public final class ConsumerLag implements LongSupplier {

    static final String GROUP = "consumer-fetch-manager-metrics";
    static final String NAME = "records-lag";

    /** The topic as the consumer tags its metrics: dots become underscores. */
    private final String tagged;
    private final LongSupplier nanoClock;
    private final long refreshNanos;
    private volatile Supplier<Map<MetricName, ? extends Metric>> metrics;
    private long readAt;
    private long lag = -1;
    private boolean read;

    /**
     * Creates an unbound lag reader.
     *
     * @param topic the input topic
     * @param refresh how long a reading is reused
     * @param nanoClock nanoseconds
     */
    public ConsumerLag(String topic, Duration refresh, LongSupplier nanoClock) {
        this.tagged = topic.replace('.', '_');
        this.refreshNanos = refresh.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Binds the reader to the client metrics, e.g. {@code streams::metrics}.
     *
     * @param metrics the metrics of the Kafka clients that read the input topic
     */
    public void bind(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        this.metrics = metrics;
    }

    /** {@inheritDoc} */
    @Override
    public synchronized long getAsLong() {
        Supplier<Map<MetricName, ? extends Metric>> source = metrics;
        if (source == null) {
            return -1;
        }
        long now = nanoClock.getAsLong();
        if (!read || now - readAt >= refreshNanos) {
            lag = sum(source.get());
            readAt = now;
            read = true;
        }
        return lag;
    }

    /** One reading per consumer and partition: a partition reported twice (a deprecated alias) counts once. */
    private long sum(Map<MetricName, ? extends Metric> all) {
        Map<String, Double> byPartition = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : all.entrySet()) {
            MetricName name = e.getKey();
            Map<String, String> tags = name.tags();
            if (GROUP.equals(name.group()) && NAME.equals(name.name()) && tagged.equals(tags.get("topic"))
                    && tags.containsKey("partition") && e.getValue().metricValue() instanceof Number n
                    && !Double.isNaN(n.doubleValue())) {
                byPartition.put(tags.get("client-id") + "/" + tags.get("partition"), Math.max(0, n.doubleValue()));
            }
        }
        if (byPartition.isEmpty()) {
            return -1;
        }
        return Math.round(byPartition.values().stream().mapToDouble(Double::doubleValue).sum());
    }
}
