package io.glimpse.demo.chaos;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.streams.frames.DeadLetterHeaders;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Checks every frame on the frames topic against what came out, reading all three topics with
 * {@code read_committed} as a downstream consumer would: a good frame must have exactly one result and no
 * dead letter, a malformed one exactly one dead letter with the reason it was sent to provoke and no
 * result; each stream's results must come in the order of its frames.
 */
public final class ChaosAudit {

    private final Map<String, Object> consumerProps;
    private final String framesTopic;
    private final String resultsTopic;
    private final String deadLetterTopic;
    private final Deserializer<VideoFrame> frames;
    private final Deserializer<FrameResult> results;

    /**
     * Prepares an audit of one set of topics.
     *
     * @param bootstrapServers the broker
     * @param registryUrl the registry
     * @param framesTopic the input
     * @param resultsTopic the results
     * @param deadLetterTopic the dead letters
     */
    public ChaosAudit(String bootstrapServers, String registryUrl, String framesTopic, String resultsTopic, String deadLetterTopic) {
        this.framesTopic = framesTopic;
        this.resultsTopic = resultsTopic;
        this.deadLetterTopic = deadLetterTopic;
        consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "glimpse-chaos-audit");
        consumerProps.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        AvroSerdeConfig serde = AvroSerdeConfig.fromProperties(consumerProps, false);
        this.frames = AvroSerde.specific(VideoFrame.class, serde).deserializer();
        this.results = AvroSerde.specific(FrameResult.class, serde).deserializer();
    }

    /**
     * Reads the three topics to their end and compares.
     *
     * @return what was found
     */
    public AuditResult run() {
        List<InputFrame> inputs = new ArrayList<>();
        readAll(framesTopic, r -> inputs.add(input(r)));
        Map<String, List<Long>> resultOrder = new HashMap<>();
        Map<FrameId, Integer> resultCount = new HashMap<>();
        readAll(resultsTopic, r -> {
            FrameResult result = results.deserialize(r.topic(), r.value());
            FrameId id = new FrameId(result.getStreamId(), result.getSequence());
            resultCount.merge(id, 1, Integer::sum);
            resultOrder.computeIfAbsent(id.streamId(), s -> new ArrayList<>()).add(id.sequence());
        });
        Map<String, List<String>> deadLetters = new HashMap<>();
        readAll(deadLetterTopic, r -> deadLetters.computeIfAbsent(header(r, DeadLetterHeaders.SOURCE), s -> new ArrayList<>())
                .add(header(r, DeadLetterHeaders.REASON)));
        return AuditResult.compare(inputs, resultCount, resultOrder, deadLetters, framesTopic);
    }

    private InputFrame input(ConsumerRecord<byte[], byte[]> r) {
        String source = r.topic() + "-" + r.partition() + "@" + r.offset();
        String expect = header(r, MalformedFrames.EXPECT_HEADER);
        if (expect != null) {
            return new InputFrame(source, null, r.timestamp(), expect);
        }
        VideoFrame frame = frames.deserialize(r.topic(), r.value());
        return new InputFrame(source, new FrameId(frame.getStreamId(), frame.getSequence()), frame.getCaptureTime().toEpochMilli(), null);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }

    /** A good frame's identity: what its result names. */
    record FrameId(String streamId, long sequence) {}

    /**
     * One record of the frames topic.
     *
     * @param source {@code topic-partition@offset}, as dead letters name it
     * @param id the good frame's identity, null for a malformed one
     * @param captureMillis the frame's capture time (the record time for a malformed one)
     * @param expectedReason the dead-letter reason of a malformed frame, null for a good one
     */
    record InputFrame(String source, FrameId id, long captureMillis, String expectedReason) {}
}
