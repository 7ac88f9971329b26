package io.glimpse.streams.rho;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The input topic's lag, read from the consumer's metrics as Kafka names them. */
class ConsumerLagTest {

    private final long[] now = {0};
    private final Map<MetricName, Metric> metrics = new HashMap<>();
    private int reads;

    private void put(String group, String name, String topic, String partition, String client, Object value) {
        Map<String, String> tags = new HashMap<>();
        tags.put("client-id", client);
        tags.put("topic", topic);
        if (partition != null) {
            tags.put("partition", partition);
        }
        MetricName metricName = new MetricName(name, group, "", tags);
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    private ConsumerLag bound() {
        ConsumerLag lag = new ConsumerLag("glimpse.frames", Duration.ofSeconds(1), () -> now[0]);
        lag.bind(() -> {
            reads++;
            return metrics;
        });
        return lag;
    }

    @Test
    void shouldSumThePartitionsOfTheInputTopicOnly() {
        put("consumer-fetch-manager-metrics", "records-lag", "glimpse_frames", "0", "c1", 120.0);
        put("consumer-fetch-manager-metrics", "records-lag", "glimpse_frames", "1", "c1", 30.0);
        put("consumer-fetch-manager-metrics", "records-lag", "glimpse_frames", "2", "c1", Double.NaN);
        put("consumer-fetch-manager-metrics", "records-lag", "glimpse_models", "0", "c1", 999.0);
        put("consumer-fetch-manager-metrics", "records-lag-max", "glimpse_frames", null, "c1", 500.0);

        assertThat(bound().getAsLong()).isEqualTo(150);
    }

    @Test
    void shouldBeUnknownUntilBoundOrWhileNoPartitionReports() {
        ConsumerLag lag = new ConsumerLag("glimpse.frames", Duration.ofSeconds(1), () -> now[0]);

        assertThat(lag.getAsLong()).isEqualTo(-1);
        assertThat(bound().getAsLong()).isEqualTo(-1);
    }

    @Test
    void shouldReuseAReadingForTheRefreshInterval() {
        put("consumer-fetch-manager-metrics", "records-lag", "glimpse_frames", "0", "c1", 10.0);
        ConsumerLag lag = bound();

        lag.getAsLong();
        now[0] += 500_000_000;
        lag.getAsLong();
        assertThat(reads).isEqualTo(1);
        now[0] += 500_000_000;
        lag.getAsLong();
        assertThat(reads).isEqualTo(2);
    }
}
