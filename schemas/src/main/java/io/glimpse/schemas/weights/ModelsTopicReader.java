package io.glimpse.schemas.weights;

import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what is on the models topic now: the whole topic, read_committed, up to the end offsets it has
 * when a call starts — what a follower starting at that moment would see. For a rollback (find a version
 * published earlier and publish it again) and for checks after a publication.
 *
 * <p>Each call reads with a fresh group-less consumer and decodes only the values of the records it is
 * after (keys tell their version), so looking one version up on a topic of many costs little memory.
 */
public final class ModelsTopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> consumerProperties;
    private final AvroSerdeConfig serdeConfig;
    private final String topic;
    private final Duration timeout;

    private ModelsTopicReader(Builder b) {
        this.consumerProperties = b.consumerProperties;
        this.serdeConfig = b.serdeConfig != null ? b.serdeConfig : AvroSerdeConfig.fromProperties(b.consumerProperties, false);
        this.topic = b.topic;
        this.timeout = b.timeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The newest committed manifest of {@code version} and the chunks it describes (the latest copy of
     * each of its indices written before it), or empty if the topic or the version is not there. The chunk
     * list may be incomplete if the topic lost records; {@link ModelAssembler} says so.
     *
     * @throws TimeoutException if the end of the topic is not reached within the reader's timeout
     */
    public Optional<PublishedModel> find(String version) {
        ModelsTopic.requireValidVersion(version);
        VersionScan scan = new VersionScan(version, new ModelRecordDeserializer(serdeConfig));
        read(key -> ModelsTopic.versionOf(key).filter(version::equals).isPresent(), scan::accept);
        return scan.result();
    }

    /**
     * The manifest published last (the newest record timestamp among committed manifests), or empty if
     * the topic has none: the version followers settle on.
     */
    public Optional<ModelManifest> latestManifest() {
        return manifests().stream().reduce((a, b) -> b);
    }

    /** Every committed manifest on the topic, oldest publication first (by record timestamp). */
    public List<ModelManifest> manifests() {
        ModelRecordDeserializer values = new ModelRecordDeserializer(serdeConfig);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        read(key -> !key.contains(ModelsTopic.CHUNK_KEY_INFIX), record -> {
            if (record.value() != null) {
                found.add(record);
            }
        });
        found.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
        List<ModelManifest> manifests = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : found) {
            if (values.deserialize(topic, record.value()) instanceof ModelManifest m) {
                manifests.add(m);
            }
        }
        return manifests;
    }

    /** Reads every partition from the beginning to its current end, handing records with a matching key on. */
    private void read(Predicate<String> keys, Consumer<ConsumerRecord<String, byte[]>> handler) {
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.keySet().retainAll(ConsumerConfig.configNames());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, timeout);
            } catch (TimeoutException e) {
                throw new TimeoutException("could not read the metadata of " + topic + " from "
                        + consumerProperties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + " within " + seconds(timeout), e);
            }
            if (infos == null || infos.isEmpty()) {
                return;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("did not reach the end of " + topic + " within " + seconds(timeout));
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.key() != null && keys.test(record.key())) {
                        handler.accept(record);
                    }
                }
            }
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() / 1000.0 + " s";
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Follows one version's records in offset order: its chunks, and the chunks its newest manifest found. */
    private final class VersionScan {

        private final String version;
        private final ModelRecordDeserializer values;
        private final Map<Integer, ModelChunk> chunks = new HashMap<>();
        private ModelManifest manifest;
        private List<ModelChunk> described = List.of();

        VersionScan(String version, ModelRecordDeserializer values) {
            this.version = version;
            this.values = values;
        }

        void accept(ConsumerRecord<String, byte[]> record) {
            SpecificRecord value = record.value() == null ? null : values.deserialize(topic, record.value());
            if (record.key().equals(ModelsTopic.manifestKey(version))) {
                manifest = value instanceof ModelManifest m ? m : null;
                described = manifest == null ? List.of()
                        : List.copyOf(new TreeMap<>(chunks).headMap(manifest.getChunkCount()).values());
            } else if (value instanceof ModelChunk chunk && version.equals(chunk.getVersion())) {
                chunks.put(chunk.getIndex(), chunk);
            } else if (value == null) {
                chunkIndex(record.key()).ifPresent(chunks::remove);
            }
        }

        Optional<PublishedModel> result() {
            return manifest == null ? Optional.empty() : Optional.of(new PublishedModel(manifest, described));
        }
    }

    private static Optional<Integer> chunkIndex(String key) {
        int infix = key.indexOf(ModelsTopic.CHUNK_KEY_INFIX);
        if (infix < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(key.substring(infix + ModelsTopic.CHUNK_KEY_INFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Configures a {@link ModelsTopicReader}: consumer properties are required. */
    public static final class Builder {

        private Map<String, Object> consumerProperties;
        private AvroSerdeConfig serdeConfig;
        private String topic = ModelsTopic.DEFAULT_NAME;
        private Duration timeout = Duration.ofSeconds(60);

        private Builder() {}

        /**
         * Kafka client properties: {@code bootstrap.servers} at least, and the registry's unless
         * {@link #optSerdeConfig} is given. Isolation level, offsets and group are set by the reader.
         */
        public Builder setConsumerProperties(Map<String, ?> consumerProperties) {
            this.consumerProperties = new HashMap<>(Objects.requireNonNull(consumerProperties, "consumerProperties"));
            return this;
        }

        /** How values find the registry; read from the consumer properties by default. */
        public Builder optSerdeConfig(AvroSerdeConfig serdeConfig) {
            this.serdeConfig = Objects.requireNonNull(serdeConfig, "serdeConfig");
            return this;
        }

        /** {@value ModelsTopic#DEFAULT_NAME} by default. */
        public Builder optTopic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** How long one call may take to read to the end of the topic; 60 s by default. */
        public Builder optTimeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public ModelsTopicReader build() {
            if (consumerProperties == null) {
                throw new IllegalStateException("setConsumerProperties is required");
            }
            return new ModelsTopicReader(this);
        }
    }
}
