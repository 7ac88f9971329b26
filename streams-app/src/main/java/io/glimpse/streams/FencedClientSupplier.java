package io.glimpse.streams;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka Streams' clients for Glimpse: the plain ones, except that each stream thread's transactional
 * producer is a {@link GenerationFencedProducer} paired with the thread's main consumer.
 *
 * <p>Kafka Streams names a thread's clients {@code <thread>-consumer} and {@code <thread>-producer}, and
 * creates the producer first; the pairing is by that name, looked up when the producer commits.
 */
final class FencedClientSupplier implements KafkaClientSupplier {

    private static final String CONSUMER_SUFFIX = "-consumer";
    private static final String PRODUCER_SUFFIX = "-producer";
    private static final Duration DEFAULT_MAX_BLOCK = Duration.ofMinutes(1);

    private final Map<String, Consumer<byte[], byte[]>> mainConsumers = new ConcurrentHashMap<>();

    /** {@inheritDoc} */
    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    /** {@inheritDoc} */
    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        Producer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        String clientId = String.valueOf(config.get(CommonClientConfigs.CLIENT_ID_CONFIG));
        if (config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG) == null || !clientId.endsWith(PRODUCER_SUFFIX)) {
            return producer;
        }
        String thread = clientId.substring(0, clientId.length() - PRODUCER_SUFFIX.length());
        // A commit may block this long, and the committed offsets are read while committing.
        Object maxBlockMs = config.get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        Duration timeout = maxBlockMs == null ? DEFAULT_MAX_BLOCK : Duration.ofMillis(Long.parseLong(String.valueOf(maxBlockMs)));
        return new GenerationFencedProducer(producer, clientId, () -> mainConsumers.get(thread), timeout);
    }

    /** {@inheritDoc} */
    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        Consumer<byte[], byte[]> consumer = newConsumer(config);
        String clientId = String.valueOf(config.get(CommonClientConfigs.CLIENT_ID_CONFIG));
        if (clientId.endsWith(CONSUMER_SUFFIX)) {
            mainConsumers.put(clientId.substring(0, clientId.length() - CONSUMER_SUFFIX.length()), consumer);
        }
        return consumer;
    }

    /** {@inheritDoc} */
    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return newConsumer(config);
    }

    /** {@inheritDoc} */
    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return newConsumer(config);
    }

    private static Consumer<byte[], byte[]> newConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
