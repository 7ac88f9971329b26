package io.glimpse.schemas.serde;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.KafkaTopics;
import io.glimpse.schemas.SampleRecords;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.registry.CachingSchemaRegistryClient;
import io.glimpse.schemas.registry.RestSchemaRegistryClient;
import io.glimpse.schemas.registry.SchemaRegistryClient;
import io.glimpse.schemas.registry.SubjectNameStrategy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(GlimpseServersExtension.class)
class AvroSerdeTest {

    private static LocalServers servers;
    private static SchemaRegistryClient registry;
    private static AvroSerdeConfig config;

    @BeforeAll
    static void connect(LocalServers localServers) {
        servers = localServers;
        registry = new CachingSchemaRegistryClient(RestSchemaRegistryClient.builder().setUrl(servers.registryUrl()).build());
        config = AvroSerdeConfig.builder().setRegistry(registry).build();
    }

    static Stream<SpecificRecord> glimpseRecords() {
        return Stream.of(SampleRecords.videoFrame(), SampleRecords.frameResult(), SampleRecords.modelManifest(),
                SampleRecords.modelChunk(), SampleRecords.modelStatusEvent());
    }

    @ParameterizedTest
    @MethodSource("glimpseRecords")
    <T extends SpecificRecord & org.apache.avro.generic.IndexedRecord> void shouldRoundTripEveryGlimpseRecordThroughKafka(
            T record) throws Exception {
        String topic = uniqueName("round-trip");
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) record.getClass();
        AvroSerde<T> serde = AvroSerde.specific(type, config);

        KafkaTopics.send(servers.bootstrapServers(), topic, serde.serializer(), record);

        assertThat(KafkaTopics.readOne(servers.bootstrapServers(), topic, serde.deserializer())).isEqualTo(record);
    }

    @Test
    void shouldFrameRecordsInConfluentsWireFormat() {
        String topic = uniqueName("wire");

        byte[] bytes = new AvroSerializer<VideoFrame>(config).serialize(topic, SampleRecords.videoFrame());

        int registeredId = registry.latest(topic + "-value").id();
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registeredId);
    }

    @Test
    void shouldRegisterUnderTheRecordNameWithTheRecordNameStrategy() {
        AvroSerdeConfig byRecordName = AvroSerdeConfig.builder().setRegistry(registry)
                .optSubjectNameStrategy(SubjectNameStrategy.RECORD_NAME).build();

        byte[] bytes = new AvroSerializer<FrameResult>(byRecordName).serialize(uniqueName("any"), SampleRecords.frameResult());

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt())
                .isEqualTo(registry.idOf("io.glimpse.schemas.avro.FrameResult", FrameResult.getClassSchema()));
    }

    @Test
    void shouldRegisterKeysUnderTheKeySubject() {
        String topic = uniqueName("keyed");
        AvroSerdeConfig forKeys = AvroSerdeConfig.builder().setRegistry(registry).optKey(true).build();

        new AvroSerializer<ModelChunk>(forKeys).serialize(topic, SampleRecords.modelChunk());

        assertThat(registry.latest(topic + "-key").schema()).isEqualTo(ModelChunk.getClassSchema());
    }

    @Test
    void shouldReadGenericRecordsAsGeneratedClassesAndBack() {
        String topic = uniqueName("generic");
        VideoFrame frame = SampleRecords.videoFrame();
        GenericRecord generic = new GenericData.Record(VideoFrame.getClassSchema());
        generic.put("streamId", frame.getStreamId());
        generic.put("sequence", frame.getSequence());
        generic.put("captureTime", frame.getCaptureTime().toEpochMilli());
        generic.put("width", frame.getWidth());
        generic.put("height", frame.getHeight());
        generic.put("channels", frame.getChannels());
        generic.put("encoding", new GenericData.EnumSymbol(VideoFrame.getClassSchema().getField("encoding").schema(), "RGB8"));
        generic.put("data", frame.getData());

        byte[] fromGeneric = new AvroSerializer<GenericRecord>(config).serialize(topic, generic);
        byte[] fromSpecific = new AvroSerializer<VideoFrame>(config).serialize(topic, frame);

        assertThat(fromGeneric).isEqualTo(fromSpecific);
        assertThat(AvroDeserializer.specific(VideoFrame.class, config).deserialize(topic, fromGeneric)).isEqualTo(frame);
        GenericRecord back = AvroDeserializer.generic(config).deserialize(topic, fromSpecific);
        assertThat(back.get("streamId").toString()).isEqualTo("cam-7");
        assertThat(back.get("captureTime")).isEqualTo(SampleRecords.CAPTURED.toEpochMilli());
    }

    @Test
    void shouldReadRecordsWrittenWithAnOlderVersionOfTheSchema() {
        String topic = uniqueName("manifests");
        Schema older = SchemaBuilder.record("ModelManifest").namespace("io.glimpse.schemas.avro").fields()
                .requiredString("version").requiredString("architecture")
                .name("createdTime").type(org.apache.avro.LogicalTypes.timestampMillis()
                        .addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .requiredString("configJson").requiredString("weightsFormat").requiredLong("totalSize")
                .requiredString("sha256").requiredInt("chunkSize").requiredInt("chunkCount")
                .name("chunks").type().array().items(ModelManifest.getClassSchema().getField("chunks").schema().getElementType())
                .noDefault()
                .endRecord();
        ModelManifest current = SampleRecords.modelManifest();
        GenericRecord old = new GenericData.Record(older);
        for (Schema.Field field : older.getFields()) {
            old.put(field.name(), current.get(field.name()) instanceof java.time.Instant instant
                    ? instant.toEpochMilli() : current.get(field.name()));
        }

        ModelManifest read = AvroDeserializer.specific(ModelManifest.class, config)
                .deserialize(topic, new AvroSerializer<GenericRecord>(config).serialize(topic, old));

        assertThat(read.getVersion()).isEqualTo(current.getVersion());
        assertThat(read.getChunks()).isEqualTo(current.getChunks());
        assertThat(read.getClassLabels()).isEmpty();
        assertThat(read.getAccuracy()).isEmpty();
        assertThat(read.getMetrics()).isEmpty();
        assertThat(read.getSignature()).isNull();
    }

    @Test
    void shouldReadATombstoneAsNull() {
        assertThat(AvroDeserializer.specific(VideoFrame.class, config).deserialize("any", null)).isNull();
        assertThat(new AvroSerializer<VideoFrame>(config).serialize("any", null)).isNull();
    }

    @Test
    void shouldWorkWhenKafkaCreatesTheSerdesFromConfluentStyleProperties() throws Exception {
        String topic = uniqueName("by-class-name");
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, servers.registryUrl(),
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "io.confluent.kafka.serializers.subject.RecordNameStrategy");
        try (KafkaProducer<String, VideoFrame> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(topic, "cam-7", SampleRecords.videoFrame())).get();
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class.getName(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, servers.registryUrl());
        GenericRecord read;
        try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(consumerConfig)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, GenericRecord>> records = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(java.time.Duration.ofMillis(500)).forEach(records::add);
            }
            assertThat(records).hasSize(1);
            read = records.get(0).value();
        }

        assertThat(read.getSchema()).isEqualTo(VideoFrame.getClassSchema());
        assertThat(read.get("sequence")).isEqualTo(SampleRecords.videoFrame().getSequence());
        assertThat(registry.latest("io.glimpse.schemas.avro.VideoFrame").schema()).isEqualTo(VideoFrame.getClassSchema());
    }
}
