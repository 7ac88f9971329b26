package io.glimpse.streams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.streams.frames.DecodedFrame;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** The micro-batcher alone: when batches are cut, what runs together, and what completes. */
class FrameBatcherTest {

    /** Runs nothing until told: the test decides when a worker picks up a batch. */
    private final Deque<Runnable> workers = new ArrayDeque<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private final List<Double> ratios = new ArrayList<>();

    private final FrameClassifier classifier = classifier((frames, keepRatio) -> {
        batchSizes.add(frames.size());
        ratios.add(keepRatio);
        List<FrameClassification> out = new ArrayList<>();
        for (DecodedFrame f : frames) {
            out.add(new FrameClassification(new float[] {1f}, List.of(), keepRatio, "v", 10, frames.size()));
        }
        return out;
    });

    /** A model of 1x1 frames and one class that answers a batch as {@code answer} does. */
    private static FrameClassifier classifier(BiFunction<List<DecodedFrame>, Double, List<FrameClassification>> answer) {
        return new FrameClassifier() {
            @Override
            public List<FrameClassification> classify(List<DecodedFrame> frames, double keepRatio) {
                return answer.apply(frames, keepRatio);
            }

            @Override
            public ModelInput input() {
                return new ModelInput(1, 1, 1);
            }

            @Override
            public List<String> labels() {
                return List.of("only");
            }
        };
    }

    private FrameBatcher batcher(int maxSize, long maxWaitMs) {
        return FrameBatcher.builder()
                .setClassifier(classifier)
                .optMaxBatchSize(maxSize)
                .optMaxWait(Duration.ofMillis(maxWaitMs))
                .optExecutor(workers::add)
                .optKeepRatioPolicy(batch -> batch.queuedFrames() > 0 ? 0.5 : 0.9)
                .optClock(() -> 1_000L)
                .build();
    }

    private static DecodedFrame frame(long seq) {
        return new DecodedFrame("cam", seq, 0, 1, 1, new byte[3]);
    }

    private void runNextBatch() {
        workers.pollFirst().run();
    }

    @Test
    void shouldCutABatchWhenItIsFullAndNotBefore() {
        FrameBatcher batcher = batcher(3, 100);
        batcher.submit(frame(0), 0);
        batcher.submit(frame(1), 0);
        assertThat(workers).isEmpty();

        batcher.submit(frame(2), 0);

        assertThat(workers).hasSize(1);
        runNextBatch();
        assertThat(batchSizes).containsExactly(3);
    }

    @Test
    void shouldCutAPartialBatchOnlyOnceItsOldestFrameWaitedMaxWait() {
        FrameBatcher batcher = batcher(8, 20);
        batcher.submit(frame(0), 100);
        batcher.submit(frame(1), 115);

        batcher.flushIfDue(119);
        assertThat(workers).isEmpty();
        batcher.flushIfDue(120);

        assertThat(workers).hasSize(1);
        runNextBatch();
        assertThat(batchSizes).containsExactly(2);
    }

    @Test
    void shouldKeepFillingADueBatchWhileEveryWorkerIsBusyAndRunItWhenOneFrees() {
        FrameBatcher batcher = batcher(2, 20);
        batcher.submit(frame(0), 0);
        batcher.submit(frame(1), 0);
        batcher.submit(frame(2), 0);
        batcher.flushIfDue(500);
        assertThat(workers).as("the one worker still has the first batch").hasSize(1);

        runNextBatch();

        assertThat(workers).as("the due batch went to the freed worker").hasSize(1);
        runNextBatch();
        assertThat(batchSizes).containsExactly(2, 1);
    }

    @Test
    void shouldCompleteEachFrameWithItsOwnResultAndQueueTime() {
        FrameBatcher batcher = batcher(2, 20);
        CompletableFuture<FrameClassification> first = batcher.submit(frame(0), 400);
        CompletableFuture<FrameClassification> second = batcher.submit(frame(1), 700);
        assertThat(first).isNotDone();

        runNextBatch();

        assertThat(first.join().getQueuedMicros()).isEqualTo(600_000);
        assertThat(second.join().getQueuedMicros()).isEqualTo(300_000);
    }

    @Test
    void shouldCutTheOpenBatchForAWaiterButNotForAFrameAlreadyDispatched() {
        FrameBatcher batcher = batcher(2, 1_000);
        CompletableFuture<FrameClassification> running = batcher.submit(frame(0), 0);
        batcher.submit(frame(1), 0);
        CompletableFuture<FrameClassification> open = batcher.submit(frame(2), 0);
        assertThat(workers).hasSize(1);

        batcher.flushFor(running);
        assertThat(workers).as("the waited-for frame is already in a dispatched batch").hasSize(1);

        batcher.flushFor(open);
        assertThat(workers).hasSize(2);
    }

    @Test
    void shouldAskThePolicyForRhoWithTheBacklogBehindTheBatch() {
        FrameBatcher batcher = batcher(1, 1_000);
        batcher.submit(frame(0), 0);
        batcher.submit(frame(1), 0);

        runNextBatch();
        runNextBatch();

        assertThat(ratios).containsExactly(0.5, 0.9);
    }

    /** Records what the batcher tells its policy, and answers ρ 0.6. */
    private static final class RecordingPolicy implements KeepRatioPolicy {
        final List<Long> arrivals = new ArrayList<>();
        final List<BatchContext> contexts = new ArrayList<>();
        final List<BatchOutcome> outcomes = new ArrayList<>();

        @Override
        public double keepRatio(BatchContext batch) {
            contexts.add(batch);
            return 0.6;
        }

        @Override
        public void frameArrived(long nowMs) {
            arrivals.add(nowMs);
        }

        @Override
        public void batchCompleted(BatchOutcome outcome) {
            outcomes.add(outcome);
        }
    }

    @Test
    void shouldFeedThePolicyArrivalsTheBacklogAndEachBatchsServiceTimeAndLatencies() {
        long[] nowMs = {0};
        long[] nanos = {0};
        RecordingPolicy policy = new RecordingPolicy();
        FrameClassifier sevenMillis = classifier((frames, keepRatio) -> {
            nanos[0] += 7_000_000;
            nowMs[0] += 7;
            return classifier.classify(frames, keepRatio);
        });
        FrameBatcher batcher = FrameBatcher.builder()
                .setClassifier(sevenMillis)
                .optMaxBatchSize(2)
                .optMaxWait(Duration.ofMillis(100))
                .optExecutor(workers::add)
                .optKeepRatioPolicy(policy)
                .optClock(() -> nowMs[0])
                .optNanoClock(() -> nanos[0])
                .build();
        batcher.submit(frame(0), 100);
        batcher.submit(frame(1), 110);
        batcher.submit(frame(2), 120);
        batcher.submit(frame(3), 130);
        batcher.submit(frame(4), 140);
        nowMs[0] = 150;

        runNextBatch();

        assertThat(policy.arrivals).containsExactly(100L, 110L, 120L, 130L, 140L);
        assertThat(policy.contexts).containsExactly(new KeepRatioPolicy.BatchContext(
                2, 3, 0, 0, 1, 2, 50, 30));
        assertThat(policy.outcomes).singleElement().satisfies(o -> {
            assertThat(o.batchSize()).isEqualTo(2);
            assertThat(o.keepRatio()).isEqualTo(0.6);
            assertThat(o.serviceNanos()).isEqualTo(7_000_000);
            assertThat(o.queuedMs()).containsExactly(50, 40);
            assertThat(o.latencyMs()).as("arrival to result, the batch done at 157").containsExactly(57, 47);
        });
        assertThat(ratios).containsExactly(0.6);
    }

    @Test
    void shouldTellThePolicyWhatOtherWorkersAreRunning() {
        RecordingPolicy policy = new RecordingPolicy();
        boolean[] nested = {false};
        FrameClassifier startsTheNextBatchMidway = classifier((frames, keepRatio) -> {
            if (!nested[0]) {
                nested[0] = true;
                runNextBatch(); // a second worker picks up the next batch while this one runs
            }
            return classifier.classify(frames, keepRatio);
        });
        FrameBatcher batcher = FrameBatcher.builder()
                .setClassifier(startsTheNextBatchMidway)
                .optMaxBatchSize(3)
                .optWorkers(2)
                .optExecutor(workers::add)
                .optKeepRatioPolicy(policy)
                .optClock(() -> 0L)
                .build();
        for (long seq = 0; seq < 5; seq++) {
            batcher.submit(frame(seq), 0);
        }
        batcher.flushIfDue(1_000);

        runNextBatch();

        assertThat(policy.contexts).extracting(KeepRatioPolicy.BatchContext::batchSize,
                        KeepRatioPolicy.BatchContext::queuedFrames, KeepRatioPolicy.BatchContext::runningFrames,
                        KeepRatioPolicy.BatchContext::runningBatches, KeepRatioPolicy.BatchContext::workers)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, 2, 0, 0, 2),
                        org.assertj.core.groups.Tuple.tuple(2, 0, 3, 1, 2));
        assertThat(policy.outcomes).extracting(KeepRatioPolicy.BatchOutcome::batchSize).containsExactly(2, 3);
    }

    @Test
    void shouldNotFeedThePolicyAFailedCallButEveryCallThatSucceeded() {
        RecordingPolicy policy = new RecordingPolicy();
        FrameClassifier poisoned = classifier((frames, keepRatio) -> {
            if (frames.stream().anyMatch(f -> f.getSequence() == 1)) {
                throw new IllegalArgumentException("frame 1");
            }
            return classifier.classify(frames, keepRatio);
        });
        FrameBatcher batcher = FrameBatcher.builder()
                .setClassifier(poisoned)
                .optMaxBatchSize(4)
                .optExecutor(Runnable::run)
                .optRetry(1, Duration.ZERO)
                .optKeepRatioPolicy(policy)
                .build();
        for (long seq = 0; seq < 4; seq++) {
            batcher.submit(frame(seq), 0);
        }

        assertThat(policy.contexts).hasSize(1);
        assertThat(policy.outcomes).as("the halves and quarter that ran").extracting(KeepRatioPolicy.BatchOutcome::batchSize)
                .containsExactly(1, 2);
    }

    @Test
    void shouldFailEveryFrameOfABatchWhoseClassifierThrew() {
        FrameBatcher failing = FrameBatcher.builder()
                .setClassifier(classifier((frames, keepRatio) -> {
                    throw new IllegalStateException("out of memory");
                }))
                .optRetry(2, Duration.ZERO)
                .optMaxBatchSize(2)
                .optExecutor(Runnable::run)
                .build();
        CompletableFuture<FrameClassification> a = failing.submit(frame(0), 0);
        CompletableFuture<FrameClassification> b = failing.submit(frame(1), 0);

        assertThat(a).isCompletedExceptionally();
        assertThat(b).isCompletedExceptionally();
    }

    @Test
    void shouldCancelTheOpenBatchOnClose() {
        FrameBatcher batcher = batcher(4, 1_000);
        CompletableFuture<FrameClassification> pending = batcher.submit(frame(0), 0);

        batcher.close();

        assertThat(pending).isCancelled().as("cancellation is exceptional completion");
    }

    @Test
    void shouldCompleteEveryFutureWhateverTheClassifierThrowsErrorsIncluded() {
        List<Throwable> escaped = new ArrayList<>();
        FrameClassifier throwing = classifier((frames, keepRatio) -> {
            throw new AssertionError("native code broke an invariant");
        });
        FrameBatcher batcher = FrameBatcher.builder()
                .setClassifier(throwing)
                .optMaxBatchSize(2)
                .optExecutor(r -> {
                    try {
                        r.run();
                    } catch (Error e) {
                        escaped.add(e);
                    }
                })
                .optRetry(2, Duration.ZERO)
                .build();

        CompletableFuture<FrameClassification> first = batcher.submit(frame(0), 0);
        CompletableFuture<FrameClassification> second = batcher.submit(frame(1), 0);

        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        assertThat(first.handle((r, e) -> e)).isCompletedWithValueMatching(
                e -> e instanceof InferenceUnavailableException, "the engine, not the frame, is at fault");
        assertThat(escaped).as("the error still reaches the worker's handler").hasSize(1);
    }

    @Test
    void shouldRetryWithDoublingPausesAndThenSplitTheBatchAroundTheFrameAtFault() {
        List<Long> pauses = new ArrayList<>();
        List<Integer> calls = new ArrayList<>();
        FrameClassifier poisoned = classifier((frames, keepRatio) -> {
            calls.add(frames.size());
            if (frames.stream().anyMatch(f -> f.getSequence() == 2)) {
                throw new IllegalArgumentException("frame 2");
            }
            return classifier.classify(frames, keepRatio);
        });
        FrameBatcher batcher = FrameBatcher.builder()
                .setClassifier(poisoned)
                .optMaxBatchSize(4)
                .optExecutor(Runnable::run)
                .optRetry(3, Duration.ofMillis(100))
                .optSleeper(pauses::add)
                .build();

        List<CompletableFuture<FrameClassification>> futures = new ArrayList<>();
        for (long seq = 0; seq < 4; seq++) {
            futures.add(batcher.submit(frame(seq), 0));
        }

        assertThat(pauses).containsExactly(100L, 200L);
        assertThat(calls).containsExactly(4, 4, 4, 2, 2, 1, 1);
        assertThat(futures.get(2).handle((r, e) -> e)).isCompletedWithValueMatching(
                e -> e instanceof FrameRejectedException, "rejected alone");
        assertThat(List.of(futures.get(0), futures.get(1), futures.get(3))).allSatisfy(f -> assertThat(f).isCompleted()
                .isNotCompletedExceptionally());
    }
}
