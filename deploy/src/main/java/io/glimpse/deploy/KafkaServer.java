package io.glimpse.deploy;

/**
 * A running single-node KRaft Kafka cluster, whichever way it runs. Internal topics have replication
 * factor 1, so transactions, consumer groups and Kafka Streams work on it unchanged.
 */
public interface KafkaServer extends AutoCloseable {

    /** The {@code bootstrap.servers} value clients connect with. */
    String bootstrapServers();

    /** Stops the broker and releases what it holds. */
    @Override
    void close() throws Exception;
}
