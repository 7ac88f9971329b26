package io.glimpse.streams;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.streams.frames.DeadLetterHeaders;
import io.glimpse.streams.frames.DeadLetterReason;
import io.glimpse.streams.inference.FrameBatcher;
import io.glimpse.streams.metrics.GlimpseMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.imageio.ImageIO;

/**
 * The topology as a specification: batching, ordering and dead-letter routing, driven by {@link
 * TopologyTestDriver} with explicit wall-clock time, against the real schema registry. The model is
 * a {@link ScriptedClassifier}; integration tests run the real one.
 */
@ExtendWith(GlimpseServersExtension.class)
class TopologySpecTest {

    private static final int SIZE = 4;
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private final LocalServers servers;
    private ScriptedClassifier classifier;
    private FrameBatcher batcher;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> frames;
    private TestOutputTopic<String, FrameResult> results;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private AvroSerde<VideoFrame> frameSerde;
    private String inputTopic;

    TopologySpecTest(LocalServers servers) {
        this.servers = servers;
    }

    @BeforeEach
    void setUp() {
        inputTopic = uniqueName("frames");
        Map<String, Object> props = new HashMap<>();
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, servers.registryUrl());
        props.put(GlimpseConfig.INPUT_TOPIC_CONFIG, inputTopic);
        props.put(GlimpseConfig.MODEL_CONFIG_CONFIG, "unused");
        props.put(GlimpseConfig.MODEL_WEIGHTS_CONFIG, "unused");
        props.put(GlimpseConfig.BATCH_MAX_SIZE_CONFIG, 4);
        props.put(GlimpseConfig.BATCH_MAX_WAIT_MS_CONFIG, 20L);
        props.put(GlimpseConfig.MAX_IN_FLIGHT_CONFIG, 8);
        props.put(GlimpseConfig.TOP_K_CONFIG, 2);
        props.put(GlimpseConfig.FRAME_MAX_BYTES_CONFIG, 2000);
        props.put(GlimpseConfig.DRAIN_INTERVAL_MS_CONFIG, 5L);
        GlimpseConfig config = new GlimpseConfig(props);

        classifier = new ScriptedClassifier();
        GlimpseMetrics metrics = new GlimpseMetrics(new SimpleMeterRegistry());
        batcher = FrameBatcher.builder()
                .setClassifier(classifier)
                .optMaxBatchSize(4)
                .optMaxWait(Duration.ofMillis(20))
                .optExecutor(Runnable::run)
                .optRetry(3, Duration.ZERO)
                .optObserver(metrics)
                .build();
        frameSerde = AvroSerde.specific(VideoFrame.class, AvroSerdeConfig.fromProperties(props, false));
        AvroSerde<FrameResult> resultSerde = AvroSerde.specific(FrameResult.class, AvroSerdeConfig.fromProperties(props, false));

        Properties streamsProps = new Properties();
        streamsProps.put(StreamsConfig.APPLICATION_ID_CONFIG, uniqueName("spec"));
        streamsProps.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(
                GlimpseTopology.build(config, classifier, batcher, frameSerde.deserializer(), resultSerde.serializer(),
                        metrics),
                streamsProps, T0);
        frames = driver.createInputTopic(inputTopic, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ofMillis(1));
        results = driver.createOutputTopic(config.getString(GlimpseConfig.OUTPUT_TOPIC_CONFIG), new StringDeserializer(),
                resultSerde.deserializer());
        deadLetters = driver.createOutputTopic(config.getString(GlimpseConfig.DLQ_TOPIC_CONFIG), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
        batcher.close();
    }

    @Test
    void shouldEmitOneResultPerFrameInFrameOrder() {
        for (int seq = 0; seq < 6; seq++) {
            pipe(rgbFrame("cam-1", seq));
        }
        driver.advanceWallClockTime(Duration.ofMillis(20));

        List<TestRecord<String, FrameResult>> out = results.readRecordsToList();
        assertThat(out).extracting(r -> r.getValue().getSequence()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(out).extracting(TestRecord::getKey).containsOnly("cam-1");
        FrameResult first = out.get(0).getValue();
        assertThat(first.getLabels()).extracting(l -> l.getName()).containsExactly("zero", "one");
        assertThat(first.getLabels().get(0).getProbability()).isEqualTo(0.9f);
        assertThat(first.getModelVersion()).isEqualTo("scripted-1");
        assertThat(first.getKeepRatio()).isEqualTo(0.7f);
        assertThat(first.getPatchGrid().getRows()).isEqualTo(2);
        assertThat(first.getKeptTokens()).extracting(k -> k.getPatchIds()).containsExactly(List.of(3, 1, 2), List.of(3));
        assertThat(results.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldRunAFullBatchAsSoonAsItFills() {
        for (int seq = 0; seq < 4; seq++) {
            pipe(rgbFrame("cam-1", seq));
        }

        assertThat(classifier.batchSizes()).containsExactly(4);
    }

    @Test
    void shouldFlushPartialBatchWhenWallClockAdvances() {
        pipe(rgbFrame("cam-1", 0));
        pipe(rgbFrame("cam-2", 0));
        driver.advanceWallClockTime(Duration.ofMillis(10));
        assertThat(classifier.batchSizes()).isEmpty();
        assertThat(results.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMillis(10));

        assertThat(classifier.batchSizes()).containsExactly(2);
        assertThat(results.readValuesToList()).extracting(FrameResult::getStreamId).containsExactly("cam-1", "cam-2");
    }

    @Test
    void shouldBatchFramesOfDifferentStreamsTogetherAndKeepEachStreamInOrder() {
        for (int seq = 0; seq < 3; seq++) {
            pipe(rgbFrame("cam-a", seq));
            pipe(rgbFrame("cam-b", seq));
        }
        driver.advanceWallClockTime(Duration.ofMillis(20));

        assertThat(classifier.batchSizes()).containsExactly(4, 2);
        List<FrameResult> out = results.readValuesToList();
        assertThat(out.stream().filter(r -> r.getStreamId().equals("cam-a")).map(FrameResult::getSequence))
                .containsExactly(0L, 1L, 2L);
        assertThat(out.stream().filter(r -> r.getStreamId().equals("cam-b")).map(FrameResult::getSequence))
                .containsExactly(0L, 1L, 2L);
    }

    @Test
    void shouldDecodeGrayAndPngFramesLikeRgbOnes() throws Exception {
        byte[] gray = new byte[SIZE * SIZE];
        Arrays.fill(gray, (byte) 200);
        pipe(frame("cam-1", 0, SIZE, SIZE, 1, PixelEncoding.GRAY8, gray));
        pipe(frame("cam-1", 1, SIZE, SIZE, 3, PixelEncoding.PNG, png(SIZE, SIZE)));
        driver.advanceWallClockTime(Duration.ofMillis(20));

        assertThat(results.readValuesToList()).hasSize(2);
        byte[] decodedGray = classifier.batches.get(0).get(0).getRgb();
        assertThat(decodedGray).hasSize(SIZE * SIZE * 3).containsOnly((byte) 200);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldScaleAFrameOfAnotherSizeToTheModelAndSayWhereItCameFrom() throws Exception {
        byte[] wide = new byte[8 * 4 * 3];
        Arrays.fill(wide, (byte) 90);
        pipe(frame("cam-1", 0, 8, 4, 3, PixelEncoding.RGB8, wide)); // 2:1 into the 4x4 model: letterboxed
        pipe(rgbFrame("cam-1", 1));
        driver.advanceWallClockTime(Duration.ofMillis(20));

        List<FrameResult> out = results.readValuesToList();
        assertThat(out).extracting(FrameResult::getSequence).containsExactly(0L, 1L);
        io.glimpse.schemas.avro.InputMapping mapping = out.get(0).getInputMapping();
        assertThat(mapping.getFrameWidth()).isEqualTo(8);
        assertThat(mapping.getFrameHeight()).isEqualTo(4);
        assertThat(mapping.getInputWidth()).isEqualTo(SIZE);
        assertThat(mapping.getInputHeight()).isEqualTo(SIZE / 2);
        assertThat(mapping.getInputY()).isEqualTo(1);
        assertThat(out.get(1).getInputMapping()).as("a frame of the model's size").isNull();
        byte[] input = classifier.batches.get(0).get(0).getRgb();
        assertThat(Arrays.copyOfRange(input, 0, SIZE * 3)).as("padding row").containsOnly((byte) 0);
        assertThat(Arrays.copyOfRange(input, SIZE * 3, 3 * SIZE * 3)).as("the picture").containsOnly((byte) 90);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldRouteEveryBadInputClassToTheDeadLetterTopicWithItsReason() throws Exception {
        byte[] good = serialize(rgbFrame("cam-1", 0));
        byte[] wrongMagic = good.clone();
        wrongMagic[0] = 7;
        byte[] unknownSchema = good.clone();
        ByteBuffer.wrap(unknownSchema, 1, 4).putInt(987_654);
        byte[] truncated = Arrays.copyOf(good, good.length - 5);
        byte[] oversize = serialize(frame("cam-1", 1, SIZE, SIZE, 3, PixelEncoding.RGB8, new byte[2100]));
        byte[] wrongSize = serialize(frame("cam-1", 2, 100_000, 100_000, 3, PixelEncoding.RGB8, new byte[12]));
        byte[] shortPixels = serialize(frame("cam-1", 3, SIZE, SIZE, 3, PixelEncoding.RGB8, new byte[10]));
        byte[] corruptPng = serialize(frame("cam-1", 4, SIZE, SIZE, 3, PixelEncoding.PNG, "not a png".getBytes(StandardCharsets.UTF_8)));
        byte[] wrongPngSize = serialize(frame("cam-1", 5, SIZE, SIZE, 3, PixelEncoding.PNG, png(6, 6)));

        Map<byte[], DeadLetterReason> cases = new java.util.LinkedHashMap<>();
        cases.put(wrongMagic, DeadLetterReason.UNDECODABLE);
        cases.put(unknownSchema, DeadLetterReason.UNKNOWN_SCHEMA);
        cases.put(truncated, DeadLetterReason.UNDECODABLE);
        cases.put(oversize, DeadLetterReason.OVERSIZE);
        cases.put(wrongSize, DeadLetterReason.WRONG_SIZE);
        cases.put(shortPixels, DeadLetterReason.WRONG_SIZE);
        cases.put(corruptPng, DeadLetterReason.CORRUPT_IMAGE);
        cases.put(wrongPngSize, DeadLetterReason.WRONG_SIZE);
        cases.keySet().forEach(bytes -> frames.pipeInput("cam-1".getBytes(StandardCharsets.UTF_8), bytes));
        pipe(rgbFrame("cam-1", 9));
        driver.advanceWallClockTime(Duration.ofMillis(20));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(cases.size());
        int i = 0;
        for (Map.Entry<byte[], DeadLetterReason> c : cases.entrySet()) {
            TestRecord<byte[], byte[]> record = dead.get(i++);
            assertThat(record.getValue()).as("original bytes kept for %s", c.getValue()).isEqualTo(c.getKey());
            assertThat(record.getKey()).isEqualTo("cam-1".getBytes(StandardCharsets.UTF_8));
            assertThat(header(record, DeadLetterHeaders.REASON)).isEqualTo(c.getValue().name());
            assertThat(header(record, DeadLetterHeaders.DETAIL)).isNotBlank();
            assertThat(header(record, DeadLetterHeaders.SOURCE)).startsWith(inputTopic + "-0@");
        }
        assertThat(results.readValuesToList()).extracting(FrameResult::getSequence).containsExactly(9L);
    }

    @Test
    void shouldDeadLetterOnlyTheFrameTheModelFailsOnAndAnswerItsNeighbours() {
        classifier.poisoned = 1;
        pipe(rgbFrame("cam-1", 0));
        pipe(rgbFrame("cam-1", 1));
        pipe(rgbFrame("cam-1", 2));
        driver.advanceWallClockTime(Duration.ofMillis(20));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("INFERENCE_FAILED");
            assertThat(header(r, DeadLetterHeaders.DETAIL)).contains("frame 1 is poison");
        });
        assertThat(results.readValuesToList()).extracting(FrameResult::getSequence).containsExactly(0L, 2L);
    }

    @Test
    void shouldFailTheTaskInsteadOfDeadLetteringWhenTheModelFailsOnEveryFrame() {
        classifier.failure = new IllegalStateException("device lost");
        pipe(rgbFrame("cam-1", 0));
        pipe(rgbFrame("cam-1", 1));

        assertThatThrownBy(() -> driver.advanceWallClockTime(Duration.ofMillis(20)))
                .hasRootCauseMessage("device lost");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void shouldForgetAFrameOnceItsResultIsOut() {
        pipe(rgbFrame("cam-1", 0));
        assertThat(pendingCount()).isEqualTo(1);

        driver.advanceWallClockTime(Duration.ofMillis(20));

        assertThat(results.readValuesToList()).hasSize(1);
        assertThat(pendingCount()).isZero();
    }

    private long pendingCount() {
        return driver.<Long, byte[]>getKeyValueStore(GlimpseTopology.PENDING_STORE).approximateNumEntries();
    }

    private void pipe(VideoFrame frame) {
        frames.pipeInput(frame.getStreamId().getBytes(StandardCharsets.UTF_8), serialize(frame));
    }

    private byte[] serialize(VideoFrame frame) {
        return frameSerde.serializer().serialize(inputTopic, frame);
    }

    private static VideoFrame rgbFrame(String stream, long seq) {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        Arrays.fill(rgb, (byte) seq);
        return frame(stream, seq, SIZE, SIZE, 3, PixelEncoding.RGB8, rgb);
    }

    private static VideoFrame frame(String stream, long seq, int w, int h, int channels, PixelEncoding enc, byte[] data) {
        return VideoFrame.newBuilder()
                .setStreamId(stream)
                .setSequence(seq)
                .setCaptureTime(T0.plusMillis(seq))
                .setWidth(w)
                .setHeight(h)
                .setChannels(channels)
                .setEncoding(enc)
                .setData(ByteBuffer.wrap(data))
                .build();
    }

    private static byte[] png(int w, int h) throws Exception {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
