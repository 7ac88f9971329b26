package io.glimpse.schemas.weights;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.SampleRecords;
import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.schemas.serde.AvroSerializer;
import io.glimpse.schemas.serde.SerializationFailure;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Publishing model versions to a real broker and registry, and reading them back as a follower would. */
@ExtendWith(GlimpseServersExtension.class)
class WeightsOverKafkaTest {

    private static final KeyPair PUBLISHER = SigningKeys.generate();
    private static final ManifestSigner SIGNER = new ManifestSigner(PUBLISHER);

    private static Map<String, Object> client;

    @BeforeAll
    static void connect(LocalServers servers) {
        client = Map.of("bootstrap.servers", servers.bootstrapServers(), AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                servers.registryUrl());
    }

    @Test
    void shouldPublishASignedVersionThatAReadCommittedFollowerReassembles() throws Exception {
        String topic = uniqueName("models");
        PublishedModel model = signed(Packages.published("fashion-1", 1_200_000, WeightsChunker.DEFAULT_CHUNK_SIZE));

        try (WeightsPublisher publisher = publisher(topic)) {
            publisher.publish(model);
        }

        List<ConsumerRecord<String, SpecificRecord>> records = read(topic, "read_committed");
        assertThat(records).extracting(ConsumerRecord::key).containsExactly(
                "fashion-1/chunk/0", "fashion-1/chunk/1", "fashion-1/chunk/2", "fashion-1");
        ModelAssembler assembler = new ModelAssembler();
        records.stream().map(ConsumerRecord::value).filter(ModelChunk.class::isInstance)
                .forEach(chunk -> assembler.add((ModelChunk) chunk));
        ModelManifest manifest = (ModelManifest) records.get(3).value();
        TrustedKeys.of(List.of(PUBLISHER.getPublic())).verify(manifest, false);
        AssembledModel assembled = assembler.complete(manifest);
        assertThat(Sha256.hex(assembled.weights())).isEqualTo(model.manifest().getSha256());
        assertThat(assembled.size()).isEqualTo(1_200_000);
    }

    @Test
    void shouldCreateTheTopicCompacted() throws Exception {
        String topic = uniqueName("models");

        try (WeightsPublisher publisher = publisher(topic); Admin admin = Admin.create(Map.of("bootstrap.servers",
                client.get("bootstrap.servers")))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, publisher.topic());
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(1);
        }
    }

    @Test
    void shouldAbortAPublicationThatFailsHalfWayAndCarryOn() {
        String topic = uniqueName("models");
        PublishedModel broken = Packages.published("broken", 100, 40);
        // A manifest that cannot be serialized fails the publication after its chunks were sent.
        broken.manifest().put("configJson", null);

        try (WeightsPublisher publisher = publisher(topic)) {
            publisher.publish(signed(Packages.published("good", 100, 40)));
            assertThatThrownBy(() -> publisher.publish(broken)).isInstanceOf(SerializationFailure.class);
            publisher.publish(signed(Packages.published("after", 100, 40)));
        }

        assertThat(read(topic, "read_committed")).extracting(ConsumerRecord::key).containsExactly(
                "good/chunk/0", "good/chunk/1", "good/chunk/2", "good",
                "after/chunk/0", "after/chunk/1", "after/chunk/2", "after");
        assertThat(reader(topic).find("broken")).isEmpty();
    }

    @Test
    void shouldHideAnAbortedTransactionFromReadCommittedReadersEvenOnceItsRecordsAreInTheLog() {
        String topic = uniqueName("models");
        try (WeightsPublisher publisher = publisher(topic)) {
            publisher.publish(signed(Packages.published("good", 100, 40)));
        }
        PublishedModel aborted = signed(Packages.published("aborted", 100, 40));
        Map<String, Object> props = new HashMap<>(client);
        props.keySet().retainAll(ProducerConfig.configNames());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, uniqueName("raw"));
        AvroSerdeConfig serde = ModelsTopic.serdeConfig(AvroSerdeConfig.fromProperties(client, false));
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer<SpecificRecord>(serde))) {
            producer.initTransactions();
            producer.beginTransaction();
            aborted.chunks().forEach(chunk -> producer.send(
                    new ProducerRecord<>(topic, 0, ModelsTopic.chunkKey("aborted", chunk.getIndex()), chunk)));
            producer.send(new ProducerRecord<>(topic, 0, ModelsTopic.manifestKey("aborted"), aborted.manifest()));
            producer.flush();
            assertThat(read(topic, "read_uncommitted")).extracting(ConsumerRecord::key).as("in the log")
                    .contains("aborted/chunk/0", "aborted");
            producer.abortTransaction();
        }

        assertThat(read(topic, "read_committed")).extracting(ConsumerRecord::key)
                .containsExactly("good/chunk/0", "good/chunk/1", "good/chunk/2", "good");
        ModelsTopicReader reader = reader(topic);
        assertThat(reader.find("aborted")).isEmpty();
        assertThat(reader.manifests()).extracting(ModelManifest::getVersion).containsExactly("good");
    }

    @Test
    void shouldFindAVersionPublishedEarlierAndMakeItTheLatestWhenPublishedAgain() throws Exception {
        String topic = uniqueName("models");
        PublishedModel v1 = signed(Packages.published("v1", 1_000, 300));
        PublishedModel v2 = signed(Packages.published("v2", 2_000, 300));
        ModelsTopicReader reader = reader(topic);

        try (WeightsPublisher publisher = publisher(topic)) {
            publisher.publish(v1);
            publisher.publish(v2);
            assertThat(reader.latestManifest()).map(ModelManifest::getVersion).contains("v2");

            PublishedModel found = reader.find("v1").orElseThrow();
            assertThat(found).isEqualTo(v1);
            publisher.publish(found);
        }

        assertThat(reader.latestManifest()).map(ModelManifest::getVersion).contains("v1");
        assertThat(reader.find("v3")).isEmpty();
        ModelAssembler assembler = new ModelAssembler();
        PublishedModel again = reader.find("v1").orElseThrow();
        again.chunks().forEach(assembler::add);
        assertThat(assembler.complete(again.manifest()).weights()).isEqualTo(Packages.bytes(1_000, "v1".hashCode()));
        TrustedKeys.of(List.of(PUBLISHER.getPublic())).verify(again.manifest(), false);
    }

    @Test
    void shouldFindNothingOnATopicThatDoesNotExist() {
        assertThat(reader(uniqueName("absent")).find("v1")).isEmpty();
    }

    @Test
    void shouldRefuseARecordOfAnotherTypeOnTheModelsTopic() {
        String topic = uniqueName("models");
        AvroSerdeConfig serde = ModelsTopic.serdeConfig(AvroSerdeConfig.fromProperties(client, false));
        byte[] frame = new AvroSerializer<VideoFrame>(serde).serialize(topic, SampleRecords.videoFrame());

        assertThatThrownBy(() -> new ModelRecordDeserializer(serde).deserialize(topic, frame))
                .isInstanceOfSatisfying(SerializationFailure.class,
                        e -> assertThat(e.reason()).isEqualTo(SerializationFailure.Reason.SCHEMA_MISMATCH))
                .hasMessageContaining("io.glimpse.schemas.avro.VideoFrame");
    }

    private static PublishedModel signed(PublishedModel model) {
        return model.withManifest(SIGNER.sign(model.manifest()));
    }

    private static WeightsPublisher publisher(String topic) {
        return WeightsPublisher.builder().setProducerProperties(client).optTopic(topic)
                .optTransactionalId(uniqueName("publisher")).build();
    }

    private static ModelsTopicReader reader(String topic) {
        return ModelsTopicReader.builder().setConsumerProperties(client).optTopic(topic)
                .optTimeout(Duration.ofSeconds(30)).build();
    }

    /** Every record of partition 0 up to its end, decoded as a follower does. */
    private static List<ConsumerRecord<String, SpecificRecord>> read(String topic, String isolation) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, client.get("bootstrap.servers"),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        ModelRecordDeserializer values = new ModelRecordDeserializer(AvroSerdeConfig.fromProperties(client, false));
        List<ConsumerRecord<String, SpecificRecord>> records = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
