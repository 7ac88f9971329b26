package io.glimpse.schemas.serde;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.KafkaTopics;
import io.glimpse.schemas.SampleRecords;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.registry.CachingSchemaRegistryClient;
import io.glimpse.schemas.registry.Compatibility;
import io.glimpse.schemas.registry.RestSchemaRegistryClient;
import io.glimpse.schemas.registry.SchemaRegistryClient;
import io.glimpse.schemas.serde.SerializationFailure.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way bytes can be unreadable ends in a SerializationFailure that says which and keeps the bytes. */
@ExtendWith(GlimpseServersExtension.class)
class BadInputTest {

    private static LocalServers servers;
    private static SchemaRegistryClient registry;
    private static AvroSerdeConfig config;
    private static AvroDeserializer<VideoFrame> frames;
    private static String topic;
    private static byte[] good;

    @BeforeAll
    static void writeOneGoodFrame(LocalServers localServers) {
        servers = localServers;
        registry = new CachingSchemaRegistryClient(RestSchemaRegistryClient.builder().setUrl(servers.registryUrl()).build());
        config = AvroSerdeConfig.builder().setRegistry(registry).build();
        frames = AvroDeserializer.specific(VideoFrame.class, config);
        topic = uniqueName("bad-input");
        good = new AvroSerializer<VideoFrame>(config).serialize(topic, SampleRecords.videoFrame());
    }

    @Test
    void shouldReadTheGoodBytesTheOtherTestsSpoil() {
        assertThat(frames.deserialize(topic, good)).isEqualTo(SampleRecords.videoFrame());
    }

    @Test
    void shouldRejectAWrongMagicByte() {
        byte[] bytes = good.clone();
        bytes[0] = 1;

        assertFailure(bytes, Reason.WRONG_MAGIC);
    }

    @Test
    void shouldRejectPlainTextAsWrongMagic() {
        assertFailure("{\"streamId\":\"cam-7\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Reason.WRONG_MAGIC);
    }

    @Test
    void shouldRejectBytesShorterThanTheHeaderAsTruncated() {
        assertFailure(Arrays.copyOf(good, 3), Reason.TRUNCATED);
        assertFailure(new byte[0], Reason.TRUNCATED);
    }

    @Test
    void shouldRejectACutOffAvroBodyAsTruncated() {
        SerializationFailure failure = assertFailure(Arrays.copyOf(good, good.length - 4), Reason.TRUNCATED);

        assertThat(failure.schemaId()).hasValue(ByteBuffer.wrap(good, 1, 4).getInt());
    }

    @Test
    void shouldRejectAnIdTheRegistryDoesNotKnow() {
        byte[] bytes = good.clone();
        ByteBuffer.wrap(bytes, 1, 4).putInt(987_654_321);

        SerializationFailure failure = assertFailure(bytes, Reason.UNKNOWN_SCHEMA_ID);

        assertThat(failure.schemaId()).hasValue(987_654_321);
    }

    @Test
    void shouldRejectABodyThatIsNotAvroAsCorrupt() {
        byte[] bytes = Arrays.copyOf(good, WireFormat.HEADER_SIZE + 16);
        Arrays.fill(bytes, WireFormat.HEADER_SIZE, bytes.length, (byte) 0xff);

        assertFailure(bytes, Reason.CORRUPT_AVRO);
    }

    @Test
    void shouldRejectBytesLeftOverAfterTheRecordAsCorrupt() {
        byte[] bytes = Arrays.copyOf(good, good.length + 3);

        assertFailure(bytes, Reason.CORRUPT_AVRO);
    }

    @Test
    void shouldRejectAWriterSchemaTheReaderCannotResolve() {
        Schema stranger = SchemaBuilder.record("VideoFrame").namespace("io.glimpse.schemas.avro").fields()
                .requiredString("cameraName").endRecord();
        GenericRecord record = new GenericData.Record(stranger);
        record.put("cameraName", "cam-7");
        String strangerTopic = uniqueName("stranger");
        byte[] bytes = new AvroSerializer<GenericRecord>(config).serialize(strangerTopic, record);

        SerializationFailure failure = catchThrowableOfType(SerializationFailure.class,
                () -> frames.deserialize(strangerTopic, bytes));

        assertThat(failure.reason()).isEqualTo(Reason.SCHEMA_MISMATCH);
        assertThat(failure.rawBytes()).isEqualTo(bytes);
    }

    static Stream<Arguments> lengthsBeyondThePayload() {
        return Stream.of(
                Arguments.of("string length 2^31-101 in 16 bytes", VideoFrame.class, (Prefix) out -> {
                    out.writeLong(Integer.MAX_VALUE - 100L);
                    out.writeFixed(new byte[6]);
                }),
                Arguments.of("bytes length 2^31-101", VideoFrame.class, (Prefix) out -> {
                    out.writeString("cam-7");
                    out.writeLong(1L);
                    out.writeLong(0L);
                    out.writeInt(4);
                    out.writeInt(3);
                    out.writeInt(3);
                    out.writeEnum(0);
                    out.writeLong(Integer.MAX_VALUE - 100L);
                    out.writeFixed(new byte[6]);
                }),
                Arguments.of("array of 2 billion labels", FrameResult.class, (Prefix) out -> {
                    out.writeString("cam-7");
                    out.writeLong(1L);
                    out.writeLong(0L);
                    out.writeLong(0L);
                    out.writeLong(2_000_000_000L);
                    out.writeFixed(new byte[6]);
                }),
                Arguments.of("array block of 2 billion labels, sized", FrameResult.class, (Prefix) out -> {
                    out.writeString("cam-7");
                    out.writeLong(1L);
                    out.writeLong(0L);
                    out.writeLong(0L);
                    out.writeLong(-2_000_000_000L);
                    out.writeLong(6L);
                    out.writeFixed(new byte[6]);
                }),
                Arguments.of("map of 2 billion metrics", ModelManifest.class, (Prefix) out -> {
                    for (int i = 0; i < 2; i++) {
                        out.writeString("x");
                    }
                    out.writeLong(0L);
                    out.writeString("{}");
                    out.writeString("djl");
                    out.writeLong(0L);
                    out.writeLong(3L);
                    out.writeString("00");
                    out.writeInt(2);
                    out.writeInt(2);
                    out.writeLong(0L);
                    out.writeLong(0L);
                    out.writeLong(2_000_000_000L);
                    out.writeFixed(new byte[6]);
                }));
    }

    /**
     * A few bytes with a valid schema id that announce a string, bytes or collection of two billion: Avro's
     * own decoder allocates what is announced (gigabytes, or an OutOfMemoryError that no dead-letter path
     * catches) before it finds the bytes missing. The first case is the 16-byte record of the review.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lengthsBeyondThePayload")
    <T extends SpecificRecord & IndexedRecord> void shouldRejectALengthBeyondThePayloadWithoutAllocatingIt(String what,
            Class<T> type, Prefix body) throws IOException {
        AvroDeserializer<T> deserializer = AvroDeserializer.specific(type, config);
        byte[] bytes = withBody(idOf(type, deserializer), body);
        assertThat(bytes.length).as(what).isLessThanOrEqualTo(64);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        Throwable thrown = catchThrowable(() -> deserializer.deserialize(topic, bytes));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

        assertThat(thrown).as(what).isInstanceOfSatisfying(SerializationFailure.class, failure -> {
            assertThat(failure.reason()).isEqualTo(Reason.TRUNCATED);
            assertThat(failure.rawBytes()).isEqualTo(bytes);
        });
        assertThat(allocated).as("bytes allocated by the decode").isLessThan(1 << 20);
        assertThat(took).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void shouldRejectANegativeLengthAsCorrupt() {
        byte[] bytes = good.clone();
        bytes[WireFormat.HEADER_SIZE] = 0x01;

        assertFailure(bytes, Reason.CORRUPT_AVRO);
    }

    /** Writes the Avro body that follows the header. */
    @FunctionalInterface
    interface Prefix {
        void write(BinaryEncoder out) throws IOException;
    }

    private static byte[] withBody(int schemaId, Prefix body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(WireFormat.header(schemaId));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        body.write(encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Registers the type's schema by writing a sample, and reads the sample once so the reader is cached. */
    private static <T extends SpecificRecord & IndexedRecord> int idOf(Class<T> type, AvroDeserializer<T> deserializer) {
        T sample = type.cast(Stream.of(SampleRecords.videoFrame(), SampleRecords.frameResult(), SampleRecords.modelManifest())
                .filter(type::isInstance).findFirst().orElseThrow());
        byte[] bytes = new AvroSerializer<T>(config).serialize(topic + "-" + type.getSimpleName(), sample);
        assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(sample);
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    @Test
    void shouldHandTheTypedFailureToAKafkaConsumerForDeadLettering() throws Exception {
        String poisoned = uniqueName("poisoned");
        byte[] bytes = "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        KafkaTopics.send(servers.bootstrapServers(), poisoned, new ByteArraySerializer(), bytes);
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers());

        RecordDeserializationException thrown;
        try (KafkaConsumer<String, VideoFrame> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), frames)) {
            TopicPartition partition = new TopicPartition(poisoned, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            thrown = catchThrowableOfType(RecordDeserializationException.class, () -> {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500));
                }
            });
        }

        assertThat(thrown).isNotNull();
        assertThat(thrown.getCause()).isInstanceOf(SerializationFailure.class);
        SerializationFailure failure = (SerializationFailure) thrown.getCause();
        assertThat(failure.reason()).isEqualTo(Reason.WRONG_MAGIC);
        assertThat(failure.topic()).isEqualTo(poisoned);
        assertThat(failure.rawBytes()).isEqualTo(bytes);
        assertThat(thrown.offset()).isZero();
    }

    @Test
    void shouldRefuseToWriteARecordTheSubjectsCompatibilityForbids() {
        String guarded = uniqueName("guarded");
        new AvroSerializer<VideoFrame>(config).serialize(guarded, SampleRecords.videoFrame());
        registry.setCompatibility(guarded + "-value", Compatibility.BACKWARD);
        Schema breaking = SchemaBuilder.record("VideoFrame").namespace("io.glimpse.schemas.avro").fields()
                .requiredString("streamId").requiredString("mood").endRecord();
        GenericRecord record = new GenericData.Record(breaking);
        record.put("streamId", "cam-7");
        record.put("mood", "grumpy");

        assertThatThrownBy(() -> new AvroSerializer<GenericRecord>(config).serialize(guarded, record))
                .isInstanceOfSatisfying(SerializationFailure.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.INCOMPATIBLE_SCHEMA));
    }

    @Test
    void shouldRefuseAnUnregisteredSchemaWhenAutoRegistrationIsOff() {
        AvroSerdeConfig lookupOnly = AvroSerdeConfig.builder().setRegistry(registry).optAutoRegister(false).build();

        assertThatThrownBy(() -> new AvroSerializer<VideoFrame>(lookupOnly).serialize(uniqueName("unregistered"),
                SampleRecords.videoFrame()))
                .isInstanceOfSatisfying(SerializationFailure.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.UNREGISTERED_SCHEMA));
    }

    @Test
    void shouldRefuseARecordThatBreaksItsOwnSchema() {
        GenericRecord incomplete = new GenericData.Record(VideoFrame.getClassSchema());
        incomplete.put("streamId", "cam-7");

        assertThatThrownBy(() -> new AvroSerializer<GenericRecord>(config).serialize(topic, incomplete))
                .isInstanceOfSatisfying(SerializationFailure.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.INVALID_RECORD));
    }

    private static SerializationFailure assertFailure(byte[] bytes, Reason reason) {
        SerializationFailure failure = catchThrowableOfType(SerializationFailure.class, () -> frames.deserialize(topic, bytes));
        assertThat(failure).as("a SerializationFailure for " + reason).isNotNull();
        assertThat(failure.reason()).isEqualTo(reason);
        assertThat(failure.topic()).isEqualTo(topic);
        assertThat(failure.rawBytes()).isEqualTo(bytes);
        return failure;
    }
}
