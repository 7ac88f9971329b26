package io.glimpse.streams;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.precision.Precision;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.ModelStatusEvent;
import io.glimpse.schemas.avro.ModelStatusKind;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.schemas.weights.ModelsTopicReader;
import io.glimpse.schemas.weights.PublishedModel;
import io.glimpse.schemas.weights.SigningKeys;
import io.glimpse.schemas.weights.WeightsPublisher;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Weights over Kafka on the real broker and registry: models published while frames flow are
 * swapped in by every instance between batches, without losing or repeating a frame; each kind of
 * broken model is refused for its own reason while the old one keeps serving; a restart comes back
 * on the newest accepted version, a pin holds, and publishing an old version again rolls back;
 * every model, at start, swapped in or taken on a restart, serves in the configured precision.
 */
@ExtendWith(GlimpseServersExtension.class)
class HotSwapTest {

    private static final KeyPair PUBLISHER = SigningKeys.generate();
    private static final KeyPair STRANGER = SigningKeys.generate();
    private static final DynamicVitConfig TINY = TinyModel.CONFIG;

    @Test
    void aVersionPublishedWhileFramesFlowReachesEveryPartitionOnceWithNoFrameLostOrRepeated(
            LocalServers servers, @TempDir Path dir) throws Exception {
        Fleet fleet = new Fleet(servers, dir, 0.0);
        List<String> streams = List.of("cam-1", "cam-2", "cam-3", "cam-4");
        List<FrameResult> results = new ArrayList<>();
        try (StreamHarness harness = fleet.harness;
                GlimpseApp a = GlimpseApp.start(new GlimpseConfig(fleet.props("a", "")));
                GlimpseApp b = GlimpseApp.start(new GlimpseConfig(fleet.props("b", "")));
                WeightsPublisher publisher = fleet.publisher();
                StatusReader status = fleet.status()) {
            send(harness, streams, 0, 40);
            harness.readResultsUntil(results, () -> results.size() >= 100, Duration.ofSeconds(90));

            publisher.publish(Publications.signed(Publications.cut("tiny-v2", TINY, Publications.weights(TINY, 12)), PUBLISHER));
            send(harness, streams, 40, 80); // frames flow while both instances verify and swap
            List<ModelStatusEvent> swaps =
                    status.await(e -> e.getEvent() == ModelStatusKind.SWAPPED, 2, Duration.ofSeconds(60));
            assertThat(swaps).extracting(e -> e.getInstance().toString()).containsExactlyInAnyOrder("a", "b");
            assertThat(swaps).allSatisfy(e -> assertThat(e.getVersion().toString()).isEqualTo("tiny-v2"));
            send(harness, streams, 80, 120);
            harness.readResultsUntil(results, () -> results.size() >= 480, Duration.ofSeconds(120));

            EndToEndTest.assertExactlyOnePerFrame(results, streams, 120);
            for (String s : streams) {
                List<String> versions = results.stream().filter(r -> r.getStreamId().equals(s))
                        .map(r -> r.getModelVersion().toString()).toList();
                assertThat(switches(versions)).as("versions of %s in frame order", s)
                        .containsExactly("tiny-random-11", "tiny-v2");
            }
            assertThat(a.modelVersion()).isEqualTo("tiny-v2");
            assertThat(b.modelVersion()).isEqualTo("tiny-v2");
            reportLatency(results);
        }
    }

    @Test
    void eachBrokenModelIsRefusedForItsOwnReasonWhileTheOldOneKeepsServing(LocalServers servers, @TempDir Path dir)
            throws Exception {
        Fleet fleet = new Fleet(servers, dir, 0.5); // a random model cannot reach 50 % on the canary
        byte[] good = Publications.weights(TINY, 12);
        Map<String, PublishedModel> broken = new LinkedHashMap<>();
        PublishedModel base = Publications.cut("base", TINY, good);
        broken.put("chunk-hash-mismatch", Publications.signed(Publications.withChunks(
                Publications.cut("corrupted-chunk", TINY, good), c -> {
                    c.set(1, Publications.corrupted(c.get(1)));
                    return c;
                }), PUBLISHER));
        broken.put("missing-chunk", Publications.signed(Publications.withChunks(
                Publications.cut("missing-chunk", TINY, good), c -> {
                    c.remove(2);
                    return c;
                }), PUBLISHER));
        broken.put("whole-hash-mismatch", Publications.signed(Publications.withManifest(
                Publications.cut("wrong-whole-hash", TINY, good), m -> m.setSha256("0".repeat(64))), PUBLISHER));
        broken.put("missing-tensor", Publications.signed(Publications.cut("missing-tensor", TINY,
                Publications.edit(good, t -> Publications.without(t, "head.bias"))), PUBLISHER));
        broken.put("misshaped-tensor", Publications.signed(Publications.cut("misshaped-tensor", TINY,
                Publications.edit(good, t -> Publications.replaced(t, "head.bias", Publications::misshaped))), PUBLISHER));
        broken.put("non-finite-weights", Publications.signed(Publications.cut("nan-weights", TINY,
                Publications.edit(good, t -> Publications.replaced(t, "head.bias", Publications::withNaN))), PUBLISHER));
        DynamicVitConfig fiveClasses = DynamicVitConfig.builder().setImageSize(TinyModel.SIZE).setPatchSize(8)
                .setEmbeddingSize(32).setDepth(4).setHeadCount(2).setClassCount(5).optPruneAt(1, 3).build();
        broken.put("incompatible-config", Publications.signed(Publications.cut("five-classes", fiveClasses,
                Publications.weights(fiveClasses, 3)), PUBLISHER));
        broken.put("unsigned", Publications.cut("unsigned", TINY, good));
        broken.put("untrusted-key", Publications.signed(Publications.cut("stranger", TINY, good), STRANGER));
        broken.put("bad-signature", Publications.withManifest(Publications.signed(Publications.cut("altered", TINY, good),
                PUBLISHER), m -> m.setClassLabels(Arrays.asList("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"))));
        broken.put("canary-failed", Publications.signed(Publications.cut("random", TINY, good), PUBLISHER));
        assertThat(base.chunks()).hasSizeGreaterThan(3);

        List<String> streams = List.of("cam-1", "cam-2");
        List<FrameResult> results = new ArrayList<>();
        try (StreamHarness harness = fleet.harness;
                GlimpseApp app = GlimpseApp.start(new GlimpseConfig(fleet.props("only", "")));
                WeightsPublisher publisher = fleet.publisher();
                StatusReader status = fleet.status()) {
            for (PublishedModel model : broken.values()) {
                publisher.publish(model);
            }
            send(harness, streams, 0, 30);
            List<ModelStatusEvent> rejected =
                    status.await(e -> e.getEvent() == ModelStatusKind.REJECTED, broken.size(), Duration.ofSeconds(120));
            Map<String, String> reasonByVersion = new LinkedHashMap<>();
            rejected.forEach(e -> reasonByVersion.put(e.getVersion().toString(), e.getReason().toString()));
            Map<String, String> expected = new LinkedHashMap<>();
            broken.forEach((reason, model) -> expected.put(model.manifest().getVersion().toString(), reason));
            assertThat(reasonByVersion).isEqualTo(expected);

            harness.readResultsUntil(results, () -> results.size() >= 60, Duration.ofSeconds(90));
            assertThat(results).hasSize(60).allSatisfy(r -> assertThat(r.getModelVersion().toString())
                    .isEqualTo("tiny-random-11"));
            assertThat(app.modelVersion()).isEqualTo("tiny-random-11");
            for (String reason : broken.keySet()) {
                assertThat(app.registry().get("glimpse.model.rejections").tag("reason", reason).counter().count())
                        .as("rejections for %s", reason).isEqualTo(1.0);
            }
        }
    }

    @Test
    void aRestartComesBackOnTheNewestVersionAPinHoldsAndPublishingAnOldVersionAgainRollsBack(
            LocalServers servers, @TempDir Path dir) throws Exception {
        Fleet fleet = new Fleet(servers, dir, 0.0);
        PublishedModel first = Publications.signed(Publications.cut("tiny-first", TINY, Publications.weights(TINY, 21)), PUBLISHER);
        PublishedModel second = Publications.signed(Publications.cut("tiny-second", TINY, Publications.weights(TINY, 22)), PUBLISHER);
        try (StreamHarness harness = fleet.harness;
                WeightsPublisher publisher = fleet.publisher();
                StatusReader status = fleet.status()) {
            try (GlimpseApp app = GlimpseApp.start(new GlimpseConfig(fleet.props("a", "")))) {
                publisher.publish(first);
                status.await(e -> e.getVersion().toString().equals("tiny-first"), 1, Duration.ofSeconds(60));
                publisher.publish(second);
                status.await(e -> e.getVersion().toString().equals("tiny-second"), 1, Duration.ofSeconds(60));
                assertThat(app.modelVersion()).isEqualTo("tiny-second");
            }
            try (GlimpseApp restarted = GlimpseApp.start(new GlimpseConfig(fleet.props("a", "")));
                    GlimpseApp pinned = GlimpseApp.start(new GlimpseConfig(fleet.props("p", "tiny-first")))) {
                assertThat(restarted.modelVersion()).as("after a restart").isEqualTo("tiny-second");
                assertThat(pinned.modelVersion()).as("pinned").isEqualTo("tiny-first");

                PublishedModel again = ModelsTopicReader.builder()
                        .setConsumerProperties(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers()))
                        .optSerdeConfig(fleet.serde())
                        .optTopic(fleet.modelsTopic)
                        .build()
                        .find("tiny-first")
                        .orElseThrow();
                publisher.publish(again); // the rollback command does exactly this
                status.await(e -> e.getInstance().toString().equals("a") && e.getVersion().toString().equals("tiny-first")
                        && e.getEvent() == ModelStatusKind.SWAPPED, 1, Duration.ofSeconds(60));
                assertThat(restarted.modelVersion()).as("after the rollback").isEqualTo("tiny-first");

                publisher.publish(Publications.signed(Publications.cut("tiny-third", TINY, Publications.weights(TINY, 23)), PUBLISHER));
                List<ModelStatusEvent> third =
                        status.await(e -> e.getVersion().toString().equals("tiny-third"), 2, Duration.ofSeconds(60));
                assertThat(third).extracting(e -> e.getInstance().toString() + ":" + e.getEvent())
                        .containsExactlyInAnyOrder("a:SWAPPED", "p:IGNORED");
                assertThat(pinned.modelVersion()).isEqualTo("tiny-first");
            }
            try (GlimpseApp afterRollback = GlimpseApp.start(new GlimpseConfig(fleet.props("a", "")))) {
                assertThat(afterRollback.modelVersion()).isEqualTo("tiny-third");
            }
        }
    }

    @Test
    void everyModelServesInTheConfiguredPrecisionTheOneItStartsWithEachSwappedInAndTheOneARestartTakes(
            LocalServers servers, @TempDir Path dir) throws Exception {
        Fleet fleet = new Fleet(servers, dir, 0.0);
        Properties bf16 = fleet.props("a", "");
        bf16.put(GlimpseConfig.MODEL_PRECISION_CONFIG, "bf16");
        List<FrameResult> results = new ArrayList<>();
        try (StreamHarness harness = fleet.harness;
                WeightsPublisher publisher = fleet.publisher();
                StatusReader status = fleet.status()) {
            try (GlimpseApp app = GlimpseApp.start(new GlimpseConfig(bf16))) {
                assertThat(app.modelPrecision()).as("the configured model").isEqualTo(Precision.BF16);

                publisher.publish(Publications.signed(Publications.cut("tiny-v2", TINY, Publications.weights(TINY, 12)), PUBLISHER));
                status.await(e -> e.getEvent() == ModelStatusKind.SWAPPED, 1, Duration.ofSeconds(60));
                send(harness, List.of("cam-1"), 0, 4);
                harness.readResultsUntil(results, () -> results.size() >= 4, Duration.ofSeconds(60));

                assertThat(app.modelVersion()).isEqualTo("tiny-v2");
                assertThat(app.modelPrecision()).as("the model swapped in").isEqualTo(Precision.BF16);
                assertThat(results).extracting(r -> r.getModelVersion().toString()).containsOnly("tiny-v2");
                assertThat(app.registry().get("glimpse.model.info").tags("version", "tiny-v2", "precision", "bf16").gauge()
                        .value()).isEqualTo(1.0);
            }
            try (GlimpseApp restarted = GlimpseApp.start(new GlimpseConfig(bf16))) {
                assertThat(restarted.modelVersion()).isEqualTo("tiny-v2");
                assertThat(restarted.modelPrecision()).as("the model a restart takes from the topic").isEqualTo(Precision.BF16);
            }
        }
    }

    /** The distinct versions in order of appearance, repeats folded: [v1, v2] means one switch. */
    private static List<String> switches(List<String> versions) {
        List<String> out = new ArrayList<>();
        for (String v : versions) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Prints p99 capture → result of the frames sent before, during and after the swap (steady rate, both instances warm). */
    private static void reportLatency(List<FrameResult> results) {
        System.out.printf("Hot swap under load, p99 capture -> result: %d ms before (frames 20-39), %d ms while publishing"
                + " and swapping (40-79), %d ms after (80-119)%n", p99(results, 20, 40), p99(results, 40, 80), p99(results, 80, 120));
    }

    private static long p99(List<FrameResult> results, long fromSequence, long toSequence) {
        return p99(results.stream().filter(r -> r.getSequence() >= fromSequence && r.getSequence() < toSequence)
                .mapToLong(r -> r.getResultTime().toEpochMilli() - r.getCaptureTime().toEpochMilli()).sorted().toArray());
    }

    private static long p99(long[] sorted) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.99 * sorted.length) - 1)];
    }

    private static void send(StreamHarness harness, List<String> streams, long from, long to) throws InterruptedException {
        for (long seq = from; seq < to; seq++) {
            for (String s : streams) {
                harness.send(s, seq);
            }
            harness.flush();
            Thread.sleep(10);
        }
    }

    /** One deployment with a models topic, a status topic and a trusted key. */
    private static final class Fleet {
        final StreamHarness harness;
        final String modelsTopic = uniqueName("models");
        final String statusTopic = uniqueName("models-status");
        final Path trustedKey;
        final double canaryAccuracy;
        final LocalServers servers;

        Fleet(LocalServers servers, Path dir, double canaryAccuracy) throws Exception {
            this.servers = servers;
            this.harness = new StreamHarness(servers, dir, 4);
            this.trustedKey = dir.resolve("publisher.pub");
            SigningKeys.writePublicKey(trustedKey, PUBLISHER.getPublic());
            this.canaryAccuracy = canaryAccuracy;
        }

        Properties props(String instance, String pin) {
            Properties props = harness.appProperties(instance);
            props.put(GlimpseConfig.MODELS_TOPIC_CONFIG, modelsTopic);
            props.put(GlimpseConfig.MODELS_STATUS_TOPIC_CONFIG, statusTopic);
            props.put(GlimpseConfig.MODEL_TRUSTED_KEYS_CONFIG, trustedKey.toString());
            props.put(GlimpseConfig.MODEL_CANARY_MIN_ACCURACY_CONFIG, Double.toString(canaryAccuracy));
            props.put(GlimpseConfig.MODEL_PIN_VERSION_CONFIG, pin);
            props.put(GlimpseConfig.INSTANCE_ID_CONFIG, instance);
            return props;
        }

        AvroSerdeConfig serde() {
            return AvroSerdeConfig.fromProperties(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, servers.registryUrl()), false);
        }

        WeightsPublisher publisher() {
            return Publications.publisher(servers.bootstrapServers(), servers.registryUrl(), modelsTopic);
        }

        StatusReader status() {
            return new StatusReader(servers.bootstrapServers(), serde(), statusTopic);
        }
    }

    /** Reads the status topic from the start. */
    private static final class StatusReader implements AutoCloseable {
        private final KafkaConsumer<String, ModelStatusEvent> consumer;
        private final List<ModelStatusEvent> seen = new ArrayList<>();

        StatusReader(String bootstrapServers, AvroSerdeConfig serde, String topic) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, uniqueName("status-reader"),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500),
                    new StringDeserializer(), AvroSerde.specific(ModelStatusEvent.class, serde).deserializer());
            consumer.subscribe(List.of(topic));
        }

        /** Waits for {@code count} new events that match, and returns them (events seen before are kept apart). */
        List<ModelStatusEvent> await(Predicate<ModelStatusEvent> match, int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<ModelStatusEvent> matched = new ArrayList<>();
            List<ModelStatusEvent> pending = new ArrayList<>(seen);
            seen.clear();
            while (true) {
                for (ModelStatusEvent e : pending) {
                    if (matched.size() < count && match.test(e)) {
                        matched.add(e);
                    } else {
                        seen.add(e);
                    }
                }
                pending.clear();
                if (matched.size() >= count) {
                    return matched;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Expected " + count + " matching status events within " + timeout
                            + ", got " + matched + "; others: " + seen);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> pending.add(r.value()));
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
