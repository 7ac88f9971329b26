package io.glimpse.streams;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stream thread that has lost its tasks to another member of the group (a zombie) must not commit
 * output, even output that no input offset came with: Glimpse answers restored frames from a
 * punctuator, before its task reads any input. Against a real broker and group coordinator.
 */
@ExtendWith(GlimpseServersExtension.class)
class GenerationFencedProducerTest {

    /** A member that stops polling this long is evicted from the group, the way a stalled stream thread is. */
    private static final Duration ZOMBIE_AFTER = Duration.ofSeconds(3);

    private LocalServers servers;
    private String input;
    private String output;
    private String group;
    private TopicPartition frames;

    @BeforeEach
    void createTopics(LocalServers servers) throws Exception {
        this.servers = servers;
        input = uniqueName("frames");
        output = uniqueName("results");
        group = uniqueName("glimpse-it");
        frames = new TopicPartition(input, 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(input, 1, (short) 1), new NewTopic(output, 1, (short) 1))).all().get();
        }
    }

    @Test
    void shouldLetABareProducerCommitAZombiesOutputWhenTheTransactionCarriesNoOffsets() throws Exception {
        try (Consumer<byte[], byte[]> zombie = joinedMember(ZOMBIE_AFTER); Producer<byte[], byte[]> producer = producer("bare")) {
            ConsumerGroupMetadata stale = loseTasksToAnotherMember(zombie);

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(output, bytes("answer of a zombie")));
            producer.sendOffsetsToTransaction(Map.of(), stale);
            producer.commitTransaction();

            assertThat(committedOutput()).as("the gap the fenced producer closes").containsExactly("answer of a zombie");
        }
    }

    @Test
    void shouldRefuseAZombiesOutputWhenTheTransactionCarriesNoOffsets() throws Exception {
        try (Consumer<byte[], byte[]> zombie = joinedMember(ZOMBIE_AFTER);
                Producer<byte[], byte[]> producer = new GenerationFencedProducer(producer("fenced"), "fenced", () -> zombie, Duration.ofSeconds(30))) {
            ConsumerGroupMetadata stale = loseTasksToAnotherMember(zombie);

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(output, bytes("answer of a zombie")));
            assertThatThrownBy(() -> producer.sendOffsetsToTransaction(Map.of(), stale))
                    .isInstanceOf(CommitFailedException.class);
            producer.abortTransaction();

            assertThat(committedOutput()).isEmpty();
        }
    }

    @Test
    void shouldCommitALiveMembersOutputWithoutMovingItsOffsets() throws Exception {
        try (Consumer<byte[], byte[]> member = joinedMember(Duration.ofMinutes(5));
                Producer<byte[], byte[]> producer = new GenerationFencedProducer(producer("live"), "live", () -> member, Duration.ofSeconds(30))) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(output, bytes("answer")));
            producer.sendOffsetsToTransaction(Map.of(), member.groupMetadata());
            producer.commitTransaction();

            assertThat(committedOutput()).containsExactly("answer");
            assertThat(member.committed(Set.of(frames)).get(frames).offset()).isEqualTo(7);
        }
    }

    /**
     * A member of the group that owns the input partition, with offset 7 committed for it; one that stops
     * polling for {@code maxPollInterval} is evicted.
     */
    private Consumer<byte[], byte[]> joinedMember(Duration maxPollInterval) {
        Consumer<byte[], byte[]> member = member((int) maxPollInterval.toMillis());
        member.subscribe(List.of(input));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (member.assignment().isEmpty() && System.nanoTime() < deadline) {
            member.poll(Duration.ofMillis(100));
        }
        assertThat(member.assignment()).containsExactly(frames);
        member.commitSync(Map.of(frames, new OffsetAndMetadata(7)));
        return member;
    }

    /**
     * Another member joins and takes the partition while the first one stops polling: the group
     * coordinator evicts it, and it keeps the generation it last knew.
     */
    private ConsumerGroupMetadata loseTasksToAnotherMember(Consumer<byte[], byte[]> zombie) {
        ConsumerGroupMetadata known = zombie.groupMetadata();
        try (Consumer<byte[], byte[]> successor = member((int) ZOMBIE_AFTER.toMillis())) {
            successor.subscribe(List.of(input));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (successor.assignment().isEmpty() && System.nanoTime() < deadline) {
                successor.poll(Duration.ofMillis(100));
            }
            assertThat(successor.assignment()).as("the successor's tasks").containsExactly(frames);
            assertThat(successor.groupMetadata().generationId()).isGreaterThan(known.generationId());
        }
        assertThat(zombie.assignment()).as("what the zombie still believes it owns").containsExactly(frames);
        return known;
    }

    private Consumer<byte[], byte[]> member(int maxPollIntervalMs) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, maxPollIntervalMs,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer(String id) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, uniqueName(id)), new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    private List<String> committedOutput() {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition results = new TopicPartition(output, 0);
            reader.assign(List.of(results));
            reader.seekToBeginning(List.of(results));
            long end = reader.endOffsets(List.of(results)).get(results);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (reader.position(results) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(100))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
