package io.glimpse.streams.models;

import io.glimpse.schemas.avro.ModelStatusEvent;
import io.glimpse.schemas.avro.ModelStatusKind;
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

/**
 * Tells the fleet what this instance did with a published model (swapped to it, refused it and why,
 * or ignored it because a version is pinned) on the status topic, keyed by instance, so that a
 * publisher can see every replica's answer in one place. Sending is best effort: a status event lost
 * to a broker outage must not stop serving, and is logged instead.
 */
public final class ModelStatusPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelStatusPublisher.class);

    private final KafkaProducer<String, ModelStatusEvent> producer;
    private final String topic;
    private final String instance;

    /**
     * Creates a publisher.
     *
     * @param clientProperties producer settings (bootstrap servers, security)
     * @param serde the registry settings for the event's Avro schema
     * @param topic the status topic
     * @param instance this instance's id, the key of its events
     */
    public ModelStatusPublisher(Map<String, Object> clientProperties, AvroSerdeConfig serde, String topic, String instance) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "glimpse-model-status-" + instance);
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(),
                AvroSerde.specific(ModelStatusEvent.class, serde).serializer());
        this.topic = topic;
        this.instance = instance;
    }

    /**
     * Publishes one event.
     *
     * @param kind what happened
     * @param version the published version concerned
     * @param previous the version serving before (for a swap), or null
     * @param reason a rejection reason tag, {@code pinned}, or null
     * @param detail one line for people
     */
    public void publish(ModelStatusKind kind, String version, String previous, String reason, String detail) {
        ModelStatusEvent event = ModelStatusEvent.newBuilder()
                .setInstance(instance)
                .setVersion(version)
                .setPreviousVersion(previous)
                .setEvent(kind)
                .setReason(reason)
                .setDetail(detail)
                .setTime(Instant.now())
                .build();
        try {
            producer.send(new ProducerRecord<>(topic, instance, event), (metadata, error) -> {
                if (error != null) {
                    LOG.warn("Could not publish the model status event {} {}: {}", kind, version, error.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Could not publish the model status event {} {}: {}", kind, version, e.getMessage());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
