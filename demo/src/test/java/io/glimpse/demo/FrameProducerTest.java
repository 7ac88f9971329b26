package io.glimpse.demo;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** The camera feed as the topology reads it: raw keys and registry-framed Avro values. */
@ExtendWith(GlimpseServersExtension.class)
class FrameProducerTest {

    private static final int CAMERAS = 3;
    private static final int FRAMES = 40;

    @Test
    void shouldSendRgbFramesKeyedByStreamIdWithTheirTrueLabelsRemembered(LocalServers servers) throws Exception {
        DemoTopics topics = DemoTopics.withPrefix(uniqueName("producer"));
        topics.create(servers.bootstrapServers(), 1);
        GroundTruth truth = new GroundTruth();
        try (FrameProducer producer = producer(servers, topics, truth, 5)) {
            producer.produce(FRAMES);
            assertThat(producer.acknowledged()).isEqualTo(FRAMES);
        }

        List<ConsumerRecord<byte[], byte[]>> records = readAll(servers, topics.frames(), FRAMES);
        AvroSerde<VideoFrame> serde = AvroSerde.specific(VideoFrame.class,
                AvroSerdeConfig.fromProperties(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, servers.registryUrl()), false));
        SimulatedCameras reference = SimulatedCameras.builder().optCameras(CAMERAS).build();
        Map<String, Long> nextSequence = new HashMap<>();
        for (int i = 0; i < FRAMES; i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            VideoFrame frame = serde.deserializer().deserialize(topics.frames(), record.value());
            CameraFrame expected = reference.next(i % CAMERAS, Instant.EPOCH);
            String streamId = frame.getStreamId().toString();

            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(streamId).isEqualTo("cam-" + (i % CAMERAS + 1));
            assertThat(frame.getSequence()).isEqualTo(nextSequence.getOrDefault(streamId, 0L));
            nextSequence.put(streamId, frame.getSequence() + 1);
            assertThat(frame.getWidth()).isEqualTo(64);
            assertThat(frame.getHeight()).isEqualTo(64);
            assertThat(frame.getChannels()).isEqualTo(3);
            assertThat(frame.getEncoding()).isEqualTo(PixelEncoding.RGB8);
            assertThat(frame.getData().remaining()).isEqualTo(64 * 64 * 3);
            assertThat(frame.getData()).isEqualTo(expected.frame().getData());
            assertThat(record.timestamp()).isEqualTo(frame.getCaptureTime().toEpochMilli());
            assertThat(truth.take(new FrameKey(streamId, frame.getSequence()))).isEqualTo(OptionalInt.of(expected.label()));
        }
        assertThat(truth.pending()).isZero();
    }

    @Test
    void shouldPaceFramesByTheClockAndStampTheirDueTime(LocalServers servers) throws Exception {
        DemoTopics topics = DemoTopics.withPrefix(uniqueName("paced"));
        topics.create(servers.bootstrapServers(), 1);
        long sent;
        try (FrameProducer producer = producer(servers, topics, new GroundTruth(), 10)) {
            producer.start();
            Thread.sleep(1000);
            producer.stop();
            sent = producer.acknowledged();
        }

        // 3 cameras × 10 fps for about a second: about 30 frames (loose: CI machines are busy).
        assertThat(sent).isBetween(10L, 60L);
        AvroSerde<VideoFrame> serde = AvroSerde.specific(VideoFrame.class,
                AvroSerdeConfig.fromProperties(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, servers.registryUrl()), false));
        List<Long> captureTimes = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(servers, topics.frames(), (int) sent)) {
            captureTimes.add(serde.deserializer().deserialize(topics.frames(), r.value()).getCaptureTime().toEpochMilli());
        }
        long first = captureTimes.get(0);
        for (int j = 0; j < captureTimes.size(); j++) {
            // Frame j is due j / 30 s after the first.
            assertThat(captureTimes.get(j) - first).isCloseTo(Math.round(j * 1000.0 / 30), org.assertj.core.data.Offset.offset(1L));
        }
    }

    private static FrameProducer producer(LocalServers servers, DemoTopics topics, GroundTruth truth, double fps) {
        return FrameProducer.builder()
                .setBootstrapServers(servers.bootstrapServers())
                .setRegistryUrl(servers.registryUrl())
                .setTopic(topics.frames())
                .setCameras(SimulatedCameras.builder().optCameras(CAMERAS).build())
                .optFramesPerSecond(fps)
                .optGroundTruth(truth)
                .build();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(LocalServers servers, String topic, int expected) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        assertThat(out).hasSize(expected);
        return out;
    }
}
