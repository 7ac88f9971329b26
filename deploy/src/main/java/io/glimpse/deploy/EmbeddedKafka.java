package io.glimpse.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real KRaft broker inside the calling JVM (Kafka's own {@link KafkaClusterTestKit}, one combined
 * broker+controller node). It starts in seconds and needs no class path of its own, which is why tests
 * use it; where the broker must die alone, use {@link KafkaBrokerProcess}.
 */
public final class EmbeddedKafka implements KafkaServer {

    /** Settings for a one-node cluster: every internal topic fits on one replica, no rebalance delay. */
    static final Map<String, String> SINGLE_NODE = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "1",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "true");

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats, starts and waits for a one-node cluster with {@link #SINGLE_NODE} and the given overrides. */
    public static EmbeddedKafka start(Map<String, String> overrides) throws Exception {
        Map<String, String> config = new LinkedHashMap<>(SINGLE_NODE);
        config.putAll(Objects.requireNonNull(overrides, "overrides"));
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        config.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster);
    }

    public static EmbeddedKafka start() throws Exception {
        return start(Map.of());
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
