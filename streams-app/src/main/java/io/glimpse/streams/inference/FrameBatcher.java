package io.glimpse.streams.inference;

import io.glimpse.streams.frames.DecodedFrame;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Groups frames from every task of an instance into batches and runs each batch as one model call.
 *
 * <p>A batch is dispatched when it reaches {@code maxBatchSize}, or when its oldest frame has waited
 * {@code maxWait} (Triton's {@code max_queue_delay}) and a worker is idle to take it: while every
 * worker is busy a partial batch keeps filling, so a backlog runs in full batches. Time is whatever
 * the callers pass: stream processors pass their wall-clock punctuation and record times, so tests
 * drive it exactly; a worker that finishes uses the configured clock to pick up a due batch.
 * Dispatched batches run on an executor (the inference workers); each frame's future completes with
 * its classification, or exceptionally. Callers forward results on their own thread, in their own
 * order; this class never calls back into a stream task.
 *
 * <p>Failures are sorted before anyone sees them, since only a frame's own fault may cost it a dead
 * letter: a failed model call is retried with backoff; if it keeps failing, the batch is split in
 * halves until each failure is pinned on single frames, which complete with {@link
 * FrameRejectedException} while their neighbours get their results. If every frame fails on its own
 * too, the engine is at fault and every future completes with {@link
 * InferenceUnavailableException}. Any {@code Throwable}, errors included, completes the futures: none
 * is ever left pending. A frame whose future was cancelled (its task closed) is not classified.
 *
 * <p>The {@link KeepRatioPolicy} chooses each batch's ρ from a {@link KeepRatioPolicy.BatchContext}
 * (the batch, the frames queued behind it and running beside it, their ages) and is fed every
 * arrival and every successful model call (size, ρ, service time, per-frame queue time and
 * latency), so that a load-based policy measures the instance through this one seam.
 *
 * <p>Thread-safe: stream threads submit concurrently; workers complete futures.
 */
public final class FrameBatcher implements AutoCloseable {

    private final FrameClassifier classifier;
    private final int maxBatchSize;
    private final long maxWaitMs;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final KeepRatioPolicy keepRatioPolicy;
    private final BatchObserver observer;
    private final LongSupplier clockMs;
    private final LongSupplier nanoClock;
    private final int workers;
    private final int attempts;
    private final Duration backoff;
    private final Sleeper sleeper;
    private final AtomicInteger waiting = new AtomicInteger();
    /** Dispatched batches no worker has started, oldest first: the ages of the queue. */
    private final Deque<List<Pending>> notStarted = new ArrayDeque<>();
    private int busy;
    private int runningFrames;
    private int runningBatches;

    private List<Pending> open = new ArrayList<>();
    private long openedAt;
    private boolean closed;

    private FrameBatcher(Builder b) {
        classifier = b.classifier;
        maxBatchSize = b.maxBatchSize;
        maxWaitMs = b.maxWait.toMillis();
        keepRatioPolicy = b.keepRatioPolicy;
        observer = b.observer;
        clockMs = b.clockMs;
        nanoClock = b.nanoClock;
        workers = b.workers;
        attempts = b.attempts;
        backoff = b.backoff;
        sleeper = b.sleeper;
        if (b.executor != null) {
            executor = b.executor;
            ownedExecutor = null;
        } else {
            AtomicInteger n = new AtomicInteger();
            ownedExecutor =
                    Executors.newFixedThreadPool(
                            b.workers,
                            r -> {
                                Thread t = new Thread(r, "glimpse-inference-" + n.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
            executor = ownedExecutor;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Queues a frame for the next batch.
     *
     * @param frame the frame
     * @param nowMs the caller's current wall-clock time
     * @return the frame's classification, completed by a worker
     */
    public CompletableFuture<FrameClassification> submit(DecodedFrame frame, long nowMs) {
        CompletableFuture<FrameClassification> result = accept(frame, nowMs);
        keepRatioPolicy.frameArrived(nowMs);
        return result;
    }

    private synchronized CompletableFuture<FrameClassification> accept(DecodedFrame frame, long nowMs) {
        if (closed) {
            throw new IllegalStateException("Batcher is closed");
        }
        if (open.isEmpty()) {
            openedAt = nowMs;
        }
        Pending pending = new Pending(frame, nowMs);
        open.add(pending);
        if (open.size() >= maxBatchSize) {
            dispatch();
        }
        return pending.result;
    }

    /**
     * Dispatches the open batch if its oldest frame has waited long enough.
     *
     * @param nowMs the caller's current wall-clock time
     */
    public synchronized void flushIfDue(long nowMs) {
        if (!open.isEmpty() && nowMs - openedAt >= maxWaitMs && busy < workers) {
            dispatch();
        }
    }

    /**
     * Dispatches the open batch if it holds the given frame, so that a caller about to wait for that
     * frame does not wait for the batch to fill; a frame already running needs nothing, and its
     * neighbours keep filling their batch.
     *
     * @param result the future returned by {@link #submit} for the frame
     */
    public synchronized void flushFor(CompletableFuture<FrameClassification> result) {
        for (Pending p : open) {
            if (p.result == result) {
                dispatch();
                return;
            }
        }
    }

    /**
     * Returns the frames accepted but not yet running.
     *
     * @return the count
     */
    public synchronized int waitingFrames() {
        return open.size() + waiting.get();
    }

    private void dispatch() {
        List<Pending> batch = open;
        open = new ArrayList<>();
        waiting.addAndGet(batch.size());
        notStarted.addLast(batch);
        busy++;
        executor.execute(() -> {
            int[] started = {0};
            try {
                run(batch, started);
            } finally {
                workerFree(started[0]);
            }
        });
    }

    private synchronized void workerFree(int startedFrames) {
        busy--;
        if (startedFrames > 0) {
            runningFrames -= startedFrames;
            runningBatches--;
        }
        if (!closed) {
            flushIfDue(clockMs.getAsLong());
        }
    }

    /**
     * Takes a dispatched batch off the queue and describes it to the policy: the frames behind it,
     * beside it, and their ages. Counts the batch as running (until {@link #workerFree}).
     */
    private synchronized KeepRatioPolicy.BatchContext start(List<Pending> dispatched, List<Pending> batch, long startMs) {
        taken(dispatched);
        long oldestQueued = Long.MAX_VALUE;
        for (List<Pending> queued : notStarted) {
            oldestQueued = Math.min(oldestQueued, queued.get(0).arrivedAt);
        }
        if (!open.isEmpty()) {
            oldestQueued = Math.min(oldestQueued, open.get(0).arrivedAt);
        }
        KeepRatioPolicy.BatchContext context = new KeepRatioPolicy.BatchContext(
                batch.size(),
                open.size() + waiting.get(),
                runningFrames,
                runningBatches,
                workers,
                maxBatchSize,
                Math.max(0, startMs - batch.get(0).arrivedAt),
                oldestQueued == Long.MAX_VALUE ? 0 : Math.max(0, startMs - oldestQueued));
        runningFrames += batch.size();
        runningBatches++;
        return context;
    }

    /** Takes a dispatched batch off the queue (under the lock). */
    private void taken(List<Pending> dispatched) {
        waiting.addAndGet(-dispatched.size());
        notStarted.removeIf(queued -> queued == dispatched);
    }

    private void run(List<Pending> dispatched, int[] started) {
        List<Pending> batch = new ArrayList<>(dispatched.size());
        for (Pending p : dispatched) {
            if (!p.result.isDone()) {
                batch.add(p);
            }
        }
        if (batch.isEmpty()) {
            synchronized (this) {
                taken(dispatched);
            }
            return;
        }
        try {
            long startMs = clockMs.getAsLong();
            KeepRatioPolicy.BatchContext context = start(dispatched, batch, startMs);
            started[0] = batch.size();
            double rho = keepRatioPolicy.keepRatio(context);
            Throwable failure = classifyRetrying(batch, rho, startMs);
            if (failure != null) {
                isolateFailures(batch, rho, startMs, failure);
            }
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            InferenceUnavailableException unavailable = new InferenceUnavailableException(e);
            for (Pending p : batch) {
                p.result.completeExceptionally(unavailable);
            }
            if (e instanceof Error error && !(e instanceof OutOfMemoryError)) {
                throw error;
            }
        }
    }

    /** Runs the batch, retrying with doubling backoff; returns the last failure, or null on success. */
    private Throwable classifyRetrying(List<Pending> batch, double rho, long startMs) throws InterruptedException {
        Throwable failure = null;
        long pause = backoff.toMillis();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            failure = classifyOnce(batch, rho, startMs);
            if (failure == null) {
                return null;
            }
            if (attempt < attempts) {
                sleeper.sleep(pause);
                pause *= 2;
            }
        }
        return failure;
    }

    /**
     * Splits a batch that keeps failing until each failure is pinned on single frames; frames that
     * fail alone are rejected, unless every frame failed alone: then the engine is at fault.
     */
    private void isolateFailures(List<Pending> batch, double rho, long startMs, Throwable failure) {
        List<Pending> rejected = new ArrayList<>();
        Throwable last = bisect(batch, rho, startMs, failure, rejected);
        if (rejected.size() == batch.size()) {
            InferenceUnavailableException unavailable = new InferenceUnavailableException(last);
            for (Pending p : rejected) {
                p.result.completeExceptionally(unavailable);
            }
            return;
        }
        for (Pending p : rejected) {
            p.result.completeExceptionally(new FrameRejectedException(p.failure));
        }
    }

    private Throwable bisect(List<Pending> batch, double rho, long startMs, Throwable failure, List<Pending> rejected) {
        if (batch.size() == 1) {
            batch.get(0).failure = failure;
            rejected.add(batch.get(0));
            return failure;
        }
        int half = batch.size() / 2;
        Throwable last = failure;
        for (List<Pending> part : List.of(batch.subList(0, half), batch.subList(half, batch.size()))) {
            Throwable partFailure = classifyOnce(part, rho, startMs);
            if (partFailure != null) {
                last = bisect(part, rho, startMs, partFailure, rejected);
            }
        }
        return last;
    }

    /** One model call; completes the frames' futures on success, returns the failure otherwise. */
    private Throwable classifyOnce(List<Pending> batch, double rho, long startMs) {
        int size = batch.size();
        List<DecodedFrame> frames = new ArrayList<>(size);
        long[] queued = new long[size];
        for (int i = 0; i < size; i++) {
            frames.add(batch.get(i).frame);
            queued[i] = Math.max(0, startMs - batch.get(i).arrivedAt) * 1000;
        }
        List<FrameClassification> results;
        long serviceNanos;
        try {
            long serviceStart = nanoClock.getAsLong();
            results = classifier.classify(frames, rho);
            serviceNanos = nanoClock.getAsLong() - serviceStart;
            if (results.size() != size) {
                throw new IllegalStateException(
                        "Classifier returned " + results.size() + " results for " + size + " frames");
            }
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            observer.batchFailed(size, e);
            return e;
        }
        long doneMs = clockMs.getAsLong();
        observer.batchCompleted(size, rho, results.get(0).getInferenceMicros(), queued);
        long[] queuedMs = new long[size];
        long[] latencyMs = new long[size];
        for (int i = 0; i < size; i++) {
            batch.get(i).result.complete(results.get(i).withQueuedMicros(queued[i]));
            queuedMs[i] = queued[i] / 1000;
            latencyMs[i] = Math.max(0, doneMs - batch.get(i).arrivedAt);
        }
        keepRatioPolicy.batchCompleted(new KeepRatioPolicy.BatchOutcome(size, rho, serviceNanos, queuedMs, latencyMs));
        return null;
    }

    /** Stops accepting frames, cancels the open batch, and stops the workers this batcher started. */
    @Override
    public void close() {
        List<Pending> cancelled;
        synchronized (this) {
            closed = true;
            cancelled = open;
            open = new ArrayList<>();
        }
        for (Pending p : cancelled) {
            p.result.completeExceptionally(new CancellationException("Batcher closed"));
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
            try {
                ownedExecutor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits between retries; tests pass one that does not. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Waits.
         *
         * @param millis how long
         * @throws InterruptedException if interrupted
         */
        void sleep(long millis) throws InterruptedException;
    }

    private static final class Pending {
        final DecodedFrame frame;
        final long arrivedAt;
        final CompletableFuture<FrameClassification> result = new CompletableFuture<>();
        Throwable failure;

        Pending(DecodedFrame frame, long arrivedAt) {
            this.frame = frame;
            this.arrivedAt = arrivedAt;
        }
    }

    /** Builds a {@link FrameBatcher}. */
    public static final class Builder {
        private FrameClassifier classifier;
        private int maxBatchSize = 16;
        private Duration maxWait = Duration.ofMillis(20);
        private int workers = 1;
        private Executor executor;
        private KeepRatioPolicy keepRatioPolicy = KeepRatioPolicy.fixed(0.7);
        private BatchObserver observer = BatchObserver.NONE;
        private LongSupplier clockMs = System::currentTimeMillis;
        private LongSupplier nanoClock = System::nanoTime;
        private int attempts = 3;
        private Duration backoff = Duration.ofMillis(100);
        private Sleeper sleeper = Thread::sleep;

        Builder() {}

        public Builder setClassifier(FrameClassifier classifier) {
            this.classifier = classifier;
            return this;
        }

        public Builder optMaxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        public Builder optMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
            return this;
        }

        /**
         * Sets the number of workers, each running one batch at a time: the threads this batcher
         * starts, or the parallelism of the executor given to {@link #optExecutor}.
         *
         * @param workers at least 1
         * @return this builder
         */
        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /**
         * Runs batches on the given executor instead of owned worker threads ({@code Runnable::run}
         * runs them on the caller, which makes topology tests deterministic).
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder optExecutor(Executor executor) {
            this.executor = executor;
            return this;
        }

        public Builder optKeepRatioPolicy(KeepRatioPolicy policy) {
            this.keepRatioPolicy = policy;
            return this;
        }

        public Builder optObserver(BatchObserver observer) {
            this.observer = observer;
            return this;
        }

        /**
         * Sets the clock that stamps the start and the end of a batch (queue wait and latency).
         *
         * @param clockMs epoch milliseconds
         * @return this builder
         */
        public Builder optClock(LongSupplier clockMs) {
            this.clockMs = clockMs;
            return this;
        }

        /**
         * Sets the clock that times each model call for the keep-ratio policy (service time).
         *
         * @param nanoClock nanoseconds (default {@code System::nanoTime})
         * @return this builder
         */
        public Builder optNanoClock(LongSupplier nanoClock) {
            this.nanoClock = nanoClock;
            return this;
        }

        /**
         * Sets how often a failed model call is tried before its batch is split to find a frame at
         * fault, and the first pause between tries (doubled after each).
         *
         * @param attempts tries of the whole batch, at least 1 (default 3)
         * @param backoff the first pause (default 100 ms)
         * @return this builder
         */
        public Builder optRetry(int attempts, Duration backoff) {
            this.attempts = attempts;
            this.backoff = backoff;
            return this;
        }

        /**
         * Sets how the batcher waits between retries (default {@code Thread::sleep}).
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder optSleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the batcher
         */
        public FrameBatcher build() {
            if (classifier == null) {
                throw new IllegalArgumentException("A classifier is required");
            }
            if (maxBatchSize < 1) {
                throw new IllegalArgumentException("Max batch size must be >= 1, got " + maxBatchSize);
            }
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("Max wait must not be negative, got " + maxWait);
            }
            if (workers < 1) {
                throw new IllegalArgumentException("Workers must be >= 1, got " + workers);
            }
            if (attempts < 1 || backoff.isNegative()) {
                throw new IllegalArgumentException("Retry needs at least 1 attempt and no negative backoff, got "
                        + attempts + " and " + backoff);
            }
            return new FrameBatcher(this);
        }
    }
}
