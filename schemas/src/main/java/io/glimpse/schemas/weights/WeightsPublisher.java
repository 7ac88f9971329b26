package io.glimpse.schemas.weights;

import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes model versions to the models topic, each in one Kafka transaction: all chunks, then the manifest,
 * to {@linkplain ModelsTopic#partitionFor the version's partition}. A read_committed follower therefore
 * never sees a manifest whose chunks are not all there, and a publication that fails half-way is aborted
 * and leaves nothing it can see.
 *
 * <p>Creates the topic ({@link ModelsTopic#newTopic}) if it does not exist. Publishers sharing a
 * transactional id fence each other: the newest one wins, an older one fails on its next publication,
 * which is what two people publishing at once should get. Not thread-safe.
 */
public final class WeightsPublisher implements AutoCloseable {

    /** The transactional id unless told otherwise. */
    public static final String DEFAULT_TRANSACTIONAL_ID = "glimpse-models-publisher";
    /**
     * The producer's request limit unless told otherwise, 4 MiB: so that the producer is never what limits a
     * chunk; the broker's {@code message.max.bytes} (1 MB by default) is.
     */
    public static final int DEFAULT_MAX_REQUEST_SIZE = 4 * 1024 * 1024;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, SpecificRecord> producer;
    private final String topic;

    private WeightsPublisher(Producer<String, SpecificRecord> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The topic this publisher writes to. */
    public String topic() {
        return topic;
    }

    /**
     * Writes the model's chunks, then its manifest, in one transaction; returns once it is committed.
     * On any failure the transaction is aborted (or the producer, if fenced, is unusable) and the failure
     * propagates.
     */
    public void publish(PublishedModel model) {
        Objects.requireNonNull(model, "model");
        String version = model.version();
        int partition = ModelsTopic.partitionFor(version, producer.partitionsFor(topic).size());
        producer.beginTransaction();
        try {
            for (ModelChunk chunk : model.chunks()) {
                producer.send(new ProducerRecord<>(topic, partition, ModelsTopic.chunkKey(version, chunk.getIndex()), chunk));
            }
            producer.send(new ProducerRecord<>(topic, partition, ModelsTopic.manifestKey(version), model.manifest()));
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                | UnsupportedVersionException e) {
            // Not abortable: the producer is finished.
            throw e;
        } catch (RuntimeException e) {
            abort(e);
            throw e;
        }
    }

    private void abort(RuntimeException failure) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }

    /** Configures a {@link WeightsPublisher}: producer properties are required. */
    public static final class Builder {

        private Map<String, Object> producerProperties;
        private AvroSerdeConfig serdeConfig;
        private String topic = ModelsTopic.DEFAULT_NAME;
        private String transactionalId = DEFAULT_TRANSACTIONAL_ID;
        private int partitions = 1;
        private short replicationFactor = 1;

        private Builder() {}

        /**
         * Kafka client properties: {@code bootstrap.servers} at least, and the registry's
         * ({@code schema.registry.url} ...) unless {@link #optSerdeConfig} is given. Idempotence, acks=all
         * and the transactional id are set by the publisher.
         */
        public Builder setProducerProperties(Map<String, ?> producerProperties) {
            this.producerProperties = new HashMap<>(Objects.requireNonNull(producerProperties, "producerProperties"));
            return this;
        }

        /** How values find the registry; read from the producer properties by default. */
        public Builder optSerdeConfig(AvroSerdeConfig serdeConfig) {
            this.serdeConfig = Objects.requireNonNull(serdeConfig, "serdeConfig");
            return this;
        }

        /** {@value ModelsTopic#DEFAULT_NAME} by default. */
        public Builder optTopic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** {@value #DEFAULT_TRANSACTIONAL_ID} by default. */
        public Builder optTransactionalId(String transactionalId) {
            this.transactionalId = Objects.requireNonNull(transactionalId, "transactionalId");
            return this;
        }

        /** Partitions and replication factor of the topic if it has to be created; 1 and 1 by default. */
        public Builder optNewTopicLayout(int partitions, short replicationFactor) {
            this.partitions = partitions;
            this.replicationFactor = replicationFactor;
            return this;
        }

        /** Creates the topic if absent and starts a transactional producer; blocks until both are done. */
        public WeightsPublisher build() {
            if (producerProperties == null) {
                throw new IllegalStateException("setProducerProperties is required");
            }
            AvroSerdeConfig values = ModelsTopic.serdeConfig(serdeConfig != null ? serdeConfig
                    : AvroSerdeConfig.fromProperties(producerProperties, false));
            createTopicIfAbsent();
            Map<String, Object> props = new HashMap<>(producerProperties);
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            props.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, DEFAULT_MAX_REQUEST_SIZE);
            props.keySet().retainAll(ProducerConfig.configNames());
            KafkaProducer<String, SpecificRecord> producer =
                    new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer<SpecificRecord>(values));
            try {
                producer.initTransactions();
            } catch (RuntimeException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
            return new WeightsPublisher(producer, topic);
        }

        private void createTopicIfAbsent() {
            Map<String, Object> adminProps = new HashMap<>(producerProperties);
            adminProps.keySet().retainAll(AdminClientConfig.configNames());
            try (Admin admin = Admin.create(adminProps)) {
                admin.createTopics(List.of(ModelsTopic.newTopic(topic, partitions, replicationFactor))).all()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new KafkaException("could not create the models topic " + topic + ": " + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new KafkaException("could not create the models topic " + topic + " on "
                        + producerProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + " within " + ADMIN_TIMEOUT.toSeconds() + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while creating the models topic " + topic, e);
            }
        }
    }
}
