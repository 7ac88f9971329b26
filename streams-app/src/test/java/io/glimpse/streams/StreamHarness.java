package io.glimpse.streams;

import io.glimpse.deploy.LocalServers;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;

/**
 * One Glimpse deployment on the shared test servers: its own topics, app id and model files, a
 * producer of frames with seeded pixels, and read_committed readers of results and dead letters.
 */
final class StreamHarness implements AutoCloseable {

    final String bootstrapServers;
    final String registryUrl;
    final String framesTopic = uniqueName("frames");
    final String resultsTopic = uniqueName("results");
    final String deadLetterTopic = uniqueName("dlq");
    final String applicationId = uniqueName("glimpse-it");
    final TinyModel model;
    final Path stateDir;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerde<VideoFrame> frameSerde;
    private final KafkaConsumer<String, FrameResult> results;
    private final KafkaConsumer<byte[], byte[]> deadLetters;

    StreamHarness(LocalServers servers, Path workDir, int partitions) throws Exception {
        this(servers.bootstrapServers(), servers.registryUrl(), workDir, partitions);
    }

    StreamHarness(String bootstrapServers, String registryUrl, Path workDir, int partitions) throws Exception {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.model = TinyModel.writeTo(workDir);
        this.stateDir = workDir.resolve("state");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(
                    new NewTopic(framesTopic, partitions, (short) 1),
                    new NewTopic(resultsTopic, partitions, (short) 1),
                    new NewTopic(deadLetterTopic, 1, (short) 1))).all().get();
        }
        Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        frameSerde = AvroSerde.specific(VideoFrame.class, AvroSerdeConfig.fromProperties(serde, false));
        AvroSerde<FrameResult> resultSerde = AvroSerde.specific(FrameResult.class, AvroSerdeConfig.fromProperties(serde, false));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        results = new KafkaConsumer<>(readerProps(), new StringDeserializer(), resultSerde.deserializer());
        readFromStart(results, resultsTopic, partitions);
        deadLetters = new KafkaConsumer<>(readerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        readFromStart(deadLetters, deadLetterTopic, 1);
    }

    /**
     * A reader outside any consumer group: it keeps its positions in memory, so neither a rebalance nor
     * a broker restart can move it back over records it has already returned.
     */
    private Map<String, Object> readerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    private static void readFromStart(KafkaConsumer<?, ?> reader, String topic, int partitions) {
        List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        reader.assign(all);
        reader.seekToBeginning(all);
    }

    /** Settings of an instance of this deployment. */
    Properties appProperties(String instance) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(instance).toString());
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        props.put(GlimpseConfig.INPUT_TOPIC_CONFIG, framesTopic);
        props.put(GlimpseConfig.OUTPUT_TOPIC_CONFIG, resultsTopic);
        props.put(GlimpseConfig.DLQ_TOPIC_CONFIG, deadLetterTopic);
        props.put(GlimpseConfig.MODEL_CONFIG_CONFIG, model.config.toString());
        props.put(GlimpseConfig.MODEL_WEIGHTS_CONFIG, model.weights.toString());
        props.put(GlimpseConfig.MODEL_LABELS_CONFIG, model.labels.toString());
        props.put(GlimpseConfig.MODEL_VERSION_CONFIG, "tiny-random-11");
        props.put(GlimpseConfig.KEEP_RATIO_CONFIG, "0.7");
        props.put(GlimpseConfig.BATCH_MAX_SIZE_CONFIG, "8");
        props.put(GlimpseConfig.BATCH_MAX_WAIT_MS_CONFIG, "10");
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        return props;
    }

    /** The pixels of frame (stream, seq): seeded noise, so the expected answer can be recomputed. */
    static byte[] pixels(String stream, long seq) {
        byte[] rgb = new byte[TinyModel.SIZE * TinyModel.SIZE * 3];
        new Random(stream.hashCode() * 31L + seq).nextBytes(rgb);
        return rgb;
    }

    void send(String stream, long seq) {
        VideoFrame frame = VideoFrame.newBuilder()
                .setStreamId(stream)
                .setSequence(seq)
                .setCaptureTime(Instant.now())
                .setWidth(TinyModel.SIZE)
                .setHeight(TinyModel.SIZE)
                .setChannels(3)
                .setEncoding(PixelEncoding.RGB8)
                .setData(ByteBuffer.wrap(pixels(stream, seq)))
                .build();
        producer.send(new ProducerRecord<>(framesTopic, stream, frameSerde.serializer().serialize(framesTopic, frame)));
    }

    void sendRaw(String stream, byte[] value) {
        producer.send(new ProducerRecord<>(framesTopic, stream, value));
    }

    void flush() {
        producer.flush();
    }

    /** Reads committed results until {@code done} holds or the deadline passes. */
    List<FrameResult> readResultsUntil(List<FrameResult> into, BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, FrameResult> r : results.poll(Duration.ofMillis(200))) {
                into.add(r.value());
            }
        }
        return into;
    }

    /** Reads committed dead letters available within the timeout. */
    List<ConsumerRecord<byte[], byte[]>> readDeadLetters(int expected, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < expected && System.nanoTime() < deadline) {
            deadLetters.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    /**
     * Counts the committed pending-frame entries in the changelog of the pending store, waiting until
     * at least {@code atLeast} are there or the timeout passes.
     */
    int awaitCommittedPendingFrames(int atLeast, Duration timeout) {
        String changelog = applicationId + "-" + GlimpseTopology.PENDING_STORE + "-changelog";
        Map<String, Object> props = readerProps();
        // The changelog is created by the app after this reader subscribes: a group subscription waits
        // for it, looking often.
        props.put(ConsumerConfig.GROUP_ID_CONFIG, uniqueName("reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> reader =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            reader.subscribe(List.of(changelog));
            long deadline = System.nanoTime() + timeout.toNanos();
            int puts = 0;
            while (puts < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        puts++;
                    }
                }
            }
            return puts;
        }
    }

    @Override
    public void close() {
        producer.close();
        results.close();
        deadLetters.close();
    }
}
