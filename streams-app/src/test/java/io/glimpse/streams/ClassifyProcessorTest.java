package io.glimpse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.serde.SerializationFailure;
import io.glimpse.streams.frames.DeadLetterHeaders;
import io.glimpse.streams.frames.DeadLetterReason;
import io.glimpse.streams.frames.DecodedFrame;
import io.glimpse.streams.frames.FrameDecoder;
import io.glimpse.streams.inference.FrameBatcher;
import io.glimpse.streams.inference.FrameClassification;
import io.glimpse.streams.inference.FrameClassifier;
import io.glimpse.streams.inference.ModelInput;
import io.glimpse.streams.metrics.GlimpseMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * One {@link ClassifyProcessor} on a {@link MockProcessorContext} with a real in-memory store: what
 * it forwards when its task is closed and revived, when the model fails, and under overload.
 */
class ClassifyProcessorTest {

    private static final int SIZE = 4;
    private static final String TOPIC = "frames";

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final KeyValueStore<Long, byte[]> store =
            Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(GlimpseTopology.PENDING_STORE), Serdes.Long(), Serdes.ByteArray())
                    .withLoggingDisabled()
                    .build();
    private final List<Runnable> heldBatches = new ArrayList<>();
    private final List<List<Long>> classified = new ArrayList<>();
    private final HeldFrames held = new HeldFrames(1024);
    private FrameBatcher batcher;

    ClassifyProcessorTest() {
        context.setCurrentSystemTimeMs(1_000);
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    @AfterEach
    void tearDown() {
        if (batcher != null) {
            batcher.close();
        }
    }

    @Test
    void shouldAnswerEachFrameOnceWhenItsTaskIsClosedAndInitialisedAgain() {
        ClassifyProcessor processor = processor(working(), heldBatches::add, 16, settings());
        processor.init(context);
        send(processor, "cam-1", 0, 1, 2);

        // Kafka Streams revives a corrupted task (or resumes a suspended one) on the same objects.
        processor.close();
        processor.init(context);
        tick();
        runHeldBatches();
        tick();

        assertThat(resultSequences()).containsExactly(0L, 1L, 2L);
        assertThat(classified).flatExtracting(batch -> batch).containsExactly(0L, 1L, 2L);
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldNotClassifyTheFramesOfAClosedTask() {
        ClassifyProcessor processor = processor(working(), heldBatches::add, 16, settings());
        processor.init(context);
        send(processor, "cam-1", 0, 1, 2);

        processor.close();
        batcher.flushIfDue(Long.MAX_VALUE);
        runHeldBatches();

        assertThat(classified).isEmpty();
        assertThat(store.approximateNumEntries()).as("left for the task's next owner").isEqualTo(3);
    }

    @Test
    void shouldDeadLetterNothingWhenTheBatcherClosesUnderARunningTask() {
        ClassifyProcessor processor = processor(working(), heldBatches::add, 16, settings());
        processor.init(context);
        send(processor, "cam-1", 0, 1, 2);

        batcher.close();
        tick();

        assertThat(context.forwarded()).isEmpty();
        assertThat(store.approximateNumEntries()).isEqualTo(3);
    }

    @Test
    void shouldRetryAnEngineThatFailsTwiceAndLoseNothing() {
        int[] failures = {2};
        FrameClassifier flaky = classifier(frames -> {
            if (failures[0]-- > 0) {
                throw new IllegalStateException("engine: out of memory");
            }
            return true;
        });
        ClassifyProcessor processor = processor(flaky, Runnable::run, 16, settings());
        processor.init(context);
        send(processor, "cam-1", range(16));
        tick();

        assertThat(deadLetters()).isEmpty();
        assertThat(resultSequences()).containsExactly(java.util.stream.LongStream.range(0, 16).boxed().toArray(Long[]::new));
    }

    @Test
    void shouldDeadLetterOnlyTheFrameTheModelFailsOnAlone() {
        FrameClassifier poisoned = classifier(frames -> frames.stream().noneMatch(f -> f.getSequence() == 7));
        ClassifyProcessor processor = processor(poisoned, Runnable::run, 16, settings());
        processor.init(context);
        send(processor, "cam-1", range(16));
        tick();

        assertThat(deadLetters()).singleElement().satisfies(dead -> {
            assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo(DeadLetterReason.INFERENCE_FAILED.name());
            assertThat(new String((byte[]) dead.record().value(), StandardCharsets.UTF_8)).isEqualTo("cam-1:7");
        });
        assertThat(resultSequences()).hasSize(15).doesNotContain(7L).isSorted();
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldFailTheTaskAndDeadLetterNothingWhenTheEngineFailsOnEveryFrame() {
        FrameClassifier broken = classifier(frames -> {
            throw new OutOfMemoryError("engine: native allocation failed");
        });
        ClassifyProcessor processor = processor(broken, Runnable::run, 4, settings());
        processor.init(context);

        assertThatThrownBy(() -> {
            send(processor, "cam-1", 0, 1, 2, 3);
            tick();
        }).isInstanceOf(StreamsException.class).hasMessageContaining("replays its pending frames");
        assertThat(deadLetters()).isEmpty();
        assertThat(store.approximateNumEntries()).as("replayed by the task's next life").isEqualTo(4);
    }

    @Test
    void shouldStopWaitingForCapacityWithinItsBoundWhenTheModelNeverAnswers() {
        ClassifySettings settings = new ClassifySettings(3, 4, Duration.ofMillis(50), Duration.ofMillis(5), 1024);
        ClassifyProcessor processor = processor(working(), heldBatches::add, 4, settings);
        processor.init(context);

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> send(processor, "cam-1", range(12)));
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void shouldWaitForItsOldestFrameWhileTheInstanceHoldsTooMany() {
        HeldFrames small = new HeldFrames(4);
        ClassifySettings settings = new ClassifySettings(3, 64, Duration.ofMillis(20), Duration.ofMillis(5), 1024);
        batcher = FrameBatcher.builder().setClassifier(working()).optMaxBatchSize(16).optMaxWait(Duration.ofHours(1))
                .optExecutor(heldBatches::add).optRetry(1, Duration.ZERO).build();
        ClassifyProcessor first = new ClassifyProcessor(decoder(), batcher, metrics(), working().labels(),
                working().input(), small, settings);
        MockProcessorContext<Object, Object> otherContext = new MockProcessorContext<>();
        otherContext.setCurrentSystemTimeMs(1_000);
        KeyValueStore<Long, byte[]> otherStore = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(GlimpseTopology.PENDING_STORE), Serdes.Long(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        otherStore.init(otherContext.getStateStoreContext(), otherStore);
        otherContext.addStateStore(otherStore);
        ClassifyProcessor second = new ClassifyProcessor(decoder(), batcher, metrics(), working().labels(),
                working().input(), small, settings);
        first.init(context);
        second.init(otherContext);

        send(first, "cam-1", 0, 1, 2, 3);
        assertThat(heldBatches).as("within the instance's limit: the batch keeps filling").isEmpty();
        otherContext.setRecordMetadata(TOPIC, 1, 0);
        second.process(new Record<>(key("cam-2"), value("cam-2", 0), 0L));

        assertThat(small.count()).isEqualTo(5);
        assertThat(heldBatches).as("over it: the waiting task starts the batch of its oldest frame").hasSize(1);
    }

    @Test
    void shouldDeadLetterAFrameWhoseKeyIsNotItsStreamId() {
        ClassifyProcessor processor = processor(working(), Runnable::run, 1, settings());
        processor.init(context);
        context.setRecordMetadata(TOPIC, 0, 0);

        processor.process(new Record<>(key("cam-9"), value("cam-1", 0), 0L));

        assertThat(deadLetters()).singleElement().satisfies(dead ->
                assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo(DeadLetterReason.KEY_MISMATCH.name()));
        assertThat(classified).isEmpty();
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldDeadLetterAPendingFrameItCannotReadInsteadOfFailingToStart() {
        byte[] fromANewerGlimpse = {99, 1, 2, 3};
        store.put(5L, fromANewerGlimpse);
        ClassifyProcessor processor = processor(working(), Runnable::run, 1, settings());

        processor.init(context);

        assertThat(deadLetters()).singleElement().satisfies(dead -> {
            assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo(DeadLetterReason.PENDING_UNREADABLE.name());
            assertThat((byte[]) dead.record().value()).containsExactly(fromANewerGlimpse);
        });
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldTruncateADeadLetterLargerThanTheTopicTakes() {
        ClassifySettings settings = new ClassifySettings(3, 64, Duration.ofMillis(50), Duration.ofMillis(5), 10);
        ClassifyProcessor processor = processor(working(), Runnable::run, 1, settings);
        processor.init(context);
        context.setRecordMetadata(TOPIC, 0, 0);

        processor.process(new Record<>(key("cam-1"), "not a frame at all, 30 bytes!!".getBytes(StandardCharsets.UTF_8), 0L));

        assertThat(deadLetters()).singleElement().satisfies(dead -> {
            assertThat((byte[]) dead.record().value()).hasSize(10);
            assertThat(header(dead, DeadLetterHeaders.TRUNCATED)).isEqualTo("30");
        });
    }

    // --- the fixture ---

    private ClassifySettings settings() {
        return new ClassifySettings(3, 64, Duration.ofMillis(100), Duration.ofMillis(5), 1024);
    }

    private ClassifyProcessor processor(FrameClassifier classifier, Executor executor, int batchSize, ClassifySettings settings) {
        batcher = FrameBatcher.builder()
                .setClassifier(classifier)
                .optMaxBatchSize(batchSize)
                .optMaxWait(Duration.ZERO)
                .optExecutor(executor)
                .optRetry(3, Duration.ZERO)
                .build();
        return new ClassifyProcessor(decoder(), batcher, metrics(), classifier.labels(), classifier.input(), held, settings);
    }

    private static GlimpseMetrics metrics() {
        return new GlimpseMetrics(new SimpleMeterRegistry());
    }

    /** Decodes "stream:sequence" into a 4x4 black frame of that stream and sequence. */
    private static FrameDecoder decoder() {
        return new FrameDecoder((topic, bytes) -> {
            String[] parts = new String(bytes, StandardCharsets.UTF_8).split(":");
            if (parts.length != 2) {
                throw new SerializationFailure(SerializationFailure.Reason.WRONG_MAGIC, topic, bytes, -1, "not a frame", null);
            }
            return VideoFrame.newBuilder()
                    .setStreamId(parts[0])
                    .setSequence(Long.parseLong(parts[1]))
                    .setCaptureTime(Instant.EPOCH)
                    .setWidth(SIZE)
                    .setHeight(SIZE)
                    .setChannels(3)
                    .setEncoding(PixelEncoding.RGB8)
                    .setData(ByteBuffer.wrap(new byte[SIZE * SIZE * 3]))
                    .build();
        }, new ModelInput(SIZE, SIZE, 2), 1 << 20);
    }

    private FrameClassifier working() {
        return classifier(frames -> true);
    }

    /** A model that answers a batch when {@code succeeds} says so, and fails it otherwise. */
    private FrameClassifier classifier(Predicate<List<DecodedFrame>> succeeds) {
        return new FrameClassifier() {
            @Override
            public List<FrameClassification> classify(List<DecodedFrame> frames, double keepRatio) {
                if (!succeeds.test(frames)) {
                    throw new IllegalArgumentException("the model fails on this batch");
                }
                classified.add(frames.stream().map(DecodedFrame::getSequence).toList());
                List<FrameClassification> out = new ArrayList<>();
                for (DecodedFrame f : frames) {
                    out.add(new FrameClassification(new float[] {0.9f, 0.1f}, List.of(new int[] {0, 1}), keepRatio, "v1", 10,
                            frames.size()));
                }
                return out;
            }

            @Override
            public ModelInput input() {
                return new ModelInput(SIZE, SIZE, 2);
            }

            @Override
            public List<String> labels() {
                return List.of("zero", "one");
            }
        };
    }

    private void send(ClassifyProcessor processor, String stream, long... sequences) {
        for (long seq : sequences) {
            context.setRecordMetadata(TOPIC, 0, seq);
            processor.process(new Record<>(key(stream), value(stream, seq), seq));
        }
    }

    private static long[] range(int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static byte[] key(String stream) {
        return stream.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(String stream, long seq) {
        return (stream + ":" + seq).getBytes(StandardCharsets.UTF_8);
    }

    private void runHeldBatches() {
        List<Runnable> batches = new ArrayList<>(heldBatches);
        heldBatches.clear();
        batches.forEach(Runnable::run);
    }

    private void tick() {
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(Long.MAX_VALUE / 2));
    }

    private List<Long> resultSequences() {
        return context.forwarded().stream()
                .filter(f -> f.childName().orElse("").equals(GlimpseTopology.RESULTS_SINK))
                .map(f -> ((FrameResult) f.record().value()).getSequence())
                .toList();
    }

    private List<CapturedForward<?, ?>> deadLetters() {
        return context.forwarded().stream()
                .filter(f -> f.childName().orElse("").equals(GlimpseTopology.DEAD_LETTER_SINK))
                .<CapturedForward<?, ?>>map(f -> f)
                .toList();
    }

    private static String header(CapturedForward<?, ?> forward, String name) {
        return new String(forward.record().headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
