package io.glimpse.streams.rho;

import io.glimpse.streams.inference.KeepRatioPolicy;
import io.glimpse.streams.inference.KeepRatioPolicy.BatchContext;
import io.glimpse.streams.inference.KeepRatioPolicy.BatchOutcome;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongSupplier;

/**
 * A deterministic discrete-event model of one instance's batcher, for controller specs: frames
 * arrive at a rate that follows a load curve (evenly spaced or Poisson, seeded), queue first in first
 * out, and are cut into batches as {@code FrameBatcher} cuts them (full, or once the oldest frame
 * waited {@code maxWait} and a worker is idle); each batch runs on a free worker for a true service
 * time (a cost function that may differ from the controller's profile, times seeded noise). The
 * policy is asked for ρ and fed arrivals and outcomes exactly as the batcher feeds it, on the
 * simulated clock it reads. With a hold limit the instance reads no more frames than that while it
 * holds them (back-pressure) and the rest wait in the topic as consumer lag; latencies are counted
 * from the arrival in the topic. Nothing is ever dropped: after the load ends the queue drains.
 */
final class QueueSimulator {

    /** The true service time of a batch. */
    @FunctionalInterface
    interface TrueCost {
        /**
         * Returns the mean service time.
         *
         * @param seconds simulated time the batch starts
         * @param batchSize frames
         * @param rho ρ
         * @return milliseconds
         */
        double millis(double seconds, int batchSize, double rho);
    }

    /** Simulated time, read by the policy. */
    static final class Clock implements LongSupplier {
        private long nanos;

        @Override
        public long getAsLong() {
            return nanos;
        }

        void set(long nanos) {
            this.nanos = nanos;
        }
    }

    private final Clock clock;
    private final KeepRatioPolicy policy;
    private final TrueCost cost;
    private final DoubleUnaryOperator load;
    private final int workers;
    private final int maxBatchSize;
    private final long maxWaitNanos;
    private final double noise;
    private final boolean poisson;
    private final int holdLimit;
    private final Random random;
    /** Arrival times of frames not yet read because the instance holds its limit: the consumer lag. */
    private final Deque<Long> topic = new ArrayDeque<>();

    private QueueSimulator(Builder b) {
        clock = b.clock;
        policy = b.policy;
        cost = b.cost;
        load = b.load;
        workers = b.workers;
        maxBatchSize = b.maxBatchSize;
        maxWaitNanos = b.maxWaitMs * 1_000_000L;
        noise = b.noise;
        poisson = b.poisson;
        holdLimit = b.holdLimit;
        random = new Random(b.seed);
    }

    /**
     * Returns the frames waiting in the input topic (consumer lag), for the policy's lag hook.
     *
     * @return frames
     */
    long lag() {
        return topic.size();
    }

    static Builder builder(Clock clock, KeepRatioPolicy policy) {
        return new Builder(clock, policy);
    }

    /**
     * Runs the load for a time, then lets the queue drain.
     *
     * @param seconds how long frames arrive
     * @return what happened
     */
    Result run(double seconds) {
        long end = (long) (seconds * 1e9);
        Deque<long[]> queue = new ArrayDeque<>(); // {id, arrival in the instance, arrival in the topic}
        long[] busyUntil = new long[workers];
        Arrays.fill(busyUntil, -1);
        List<List<long[]>> running = new ArrayList<>();
        double[] runningRho = new double[workers];
        long[] runningService = new long[workers];
        long[] runningStart = new long[workers];
        for (int w = 0; w < workers; w++) {
            running.add(null);
        }
        Result result = new Result();
        long nextArrival = nextArrival(0);
        long id = 0;
        long now = 0;
        while (true) {
            long next = Long.MAX_VALUE;
            if (nextArrival < end) {
                next = nextArrival;
            }
            boolean idle = false;
            for (int w = 0; w < workers; w++) {
                if (running.get(w) != null) {
                    next = Math.min(next, busyUntil[w]);
                } else {
                    idle = true;
                }
            }
            if (idle && !queue.isEmpty()) {
                next = Math.min(next, Math.max(now, queue.peekFirst()[1] + maxWaitNanos));
            }
            if (next == Long.MAX_VALUE) {
                if (!topic.isEmpty()) {
                    throw new IllegalStateException("Frames wait in the topic while the instance is idle");
                }
                break;
            }
            now = next;
            clock.set(now);
            int held = queue.size();
            for (int w = 0; w < workers; w++) {
                if (running.get(w) != null && busyUntil[w] <= now) {
                    complete(running.get(w), runningRho[w], runningService[w], runningStart[w], now, result);
                    running.set(w, null);
                }
                if (running.get(w) != null) {
                    held += running.get(w).size();
                }
            }
            while (!topic.isEmpty() && held < holdLimit) {
                queue.addLast(new long[] {id++, now, topic.pollFirst()});
                held++;
                policy.frameArrived(now / 1_000_000);
            }
            while (nextArrival <= now && nextArrival < end) {
                result.arrived++;
                if (held < holdLimit && topic.isEmpty()) {
                    queue.addLast(new long[] {id++, nextArrival, nextArrival});
                    held++;
                    policy.frameArrived(nextArrival / 1_000_000);
                } else {
                    topic.addLast(nextArrival);
                }
                nextArrival = nextArrival(nextArrival);
            }
            for (int w = 0; w < workers; w++) {
                if (running.get(w) != null || queue.isEmpty()) {
                    continue;
                }
                boolean full = queue.size() >= maxBatchSize;
                boolean due = now - queue.peekFirst()[1] >= maxWaitNanos;
                if (!full && !due) {
                    break;
                }
                List<long[]> batch = new ArrayList<>();
                while (batch.size() < maxBatchSize && !queue.isEmpty()) {
                    batch.add(queue.pollFirst());
                }
                int otherFrames = 0;
                int otherBatches = 0;
                for (int o = 0; o < workers; o++) {
                    if (running.get(o) != null) {
                        otherFrames += running.get(o).size();
                        otherBatches++;
                    }
                }
                BatchContext context = new BatchContext(batch.size(), queue.size(), otherFrames, otherBatches, workers,
                        maxBatchSize, (now - batch.get(0)[1]) / 1_000_000,
                        queue.isEmpty() ? 0 : (now - queue.peekFirst()[1]) / 1_000_000);
                double rho = policy.keepRatio(context);
                result.decisions.add(new double[] {now / 1e9, rho});
                double millis = cost.millis(now / 1e9, batch.size(), rho);
                if (noise > 0) {
                    millis *= Math.max(0.2, 1 + noise * random.nextGaussian());
                }
                long service = Math.max(1, (long) (millis * 1e6));
                running.set(w, batch);
                runningRho[w] = rho;
                runningService[w] = service;
                runningStart[w] = now;
                busyUntil[w] = now + service;
            }
        }
        return result;
    }

    private void complete(List<long[]> batch, double rho, long service, long start, long now, Result result) {
        long[] queued = new long[batch.size()];
        long[] latency = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            queued[i] = (start - batch.get(i)[1]) / 1_000_000;
            latency[i] = (now - batch.get(i)[1]) / 1_000_000;
            result.frames.add(new double[] {batch.get(i)[2] / 1e9, (now - batch.get(i)[2]) / 1e6});
        }
        result.served += batch.size();
        policy.batchCompleted(new BatchOutcome(batch.size(), rho, service, queued, latency));
    }

    private long nextArrival(long after) {
        double rate = load.applyAsDouble(after / 1e9);
        if (rate <= 0) {
            return after + 1_000_000;
        }
        double gap = poisson ? -Math.log(1 - random.nextDouble()) / rate : 1 / rate;
        return after + Math.max(1, (long) (gap * 1e9));
    }

    /** What a run did: every frame's arrival and latency, and every ρ decision. */
    static final class Result {
        long arrived;
        long served;
        /** {arrival seconds, latency milliseconds}, from the arrival in the input topic. */
        final List<double[]> frames = new ArrayList<>();
        /** {seconds, ρ}. */
        final List<double[]> decisions = new ArrayList<>();

        /**
         * Returns a latency percentile of the frames that arrived in a time range.
         *
         * @param percentile in (0, 100]
         * @param from seconds
         * @param to seconds
         * @return milliseconds
         */
        double latencyPercentile(double percentile, double from, double to) {
            double[] l = frames.stream().filter(f -> f[0] >= from && f[0] < to).mapToDouble(f -> f[1]).sorted().toArray();
            if (l.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(percentile / 100 * l.length);
            return l[Math.max(0, rank - 1)];
        }

        /**
         * Returns the ρ of the last batch that started at or before a time.
         *
         * @param seconds the time
         * @return ρ, NaN before the first batch
         */
        double rhoAt(double seconds) {
            double rho = Double.NaN;
            for (double[] d : decisions) {
                if (d[0] > seconds) {
                    break;
                }
                rho = d[1];
            }
            return rho;
        }

        /**
         * Counts the changes of ρ between batches that started in a time range.
         *
         * @param from seconds
         * @param to seconds
         * @return changes
         */
        int changes(double from, double to) {
            int n = 0;
            double last = rhoAt(from);
            for (double[] d : decisions) {
                if (d[0] > from && d[0] < to) {
                    if (d[1] != last && !Double.isNaN(last)) {
                        n++;
                    }
                    last = d[1];
                }
            }
            return n;
        }

        /**
         * Returns the first time at or after {@code from} from which ρ stays at a value until {@code to}.
         *
         * @param rho the value
         * @param from seconds
         * @param to seconds
         * @return seconds, or infinity if it never settles there
         */
        double settledAt(double rho, double from, double to) {
            double since = Double.POSITIVE_INFINITY;
            for (double[] d : decisions) {
                if (d[0] < from || d[0] >= to) {
                    continue;
                }
                if (Math.abs(d[1] - rho) < 1e-9) {
                    since = Math.min(since, d[0]);
                } else {
                    since = Double.POSITIVE_INFINITY;
                }
            }
            return since;
        }

        /** Describes every change of ρ and the p99 of each 5-s slice, for a failing spec's message. */
        String trace() {
            StringBuilder text = new StringBuilder();
            double last = Double.NaN;
            for (double[] d : decisions) {
                if (d[1] != last) {
                    text.append(String.format("%n%8.3f s: ρ %.2f", d[0], d[1]));
                    last = d[1];
                }
            }
            double end = frames.stream().mapToDouble(f -> f[0]).max().orElse(0);
            for (double t = 0; t < end; t += 5) {
                text.append(String.format("%n[%3.0f, %3.0f) s: p99 %.0f ms", t, t + 5, latencyPercentile(99, t, t + 5)));
            }
            return text.toString();
        }

        double minRho() {
            return decisions.stream().mapToDouble(d -> d[1]).min().orElse(Double.NaN);
        }
    }

    /** Builds a {@link QueueSimulator}. */
    static final class Builder {
        private final Clock clock;
        private final KeepRatioPolicy policy;
        private TrueCost cost;
        private DoubleUnaryOperator load = t -> 100;
        private int workers = 1;
        private int maxBatchSize = 16;
        private long maxWaitMs = 20;
        private double noise;
        private boolean poisson;
        private long seed = 1;
        private int holdLimit = Integer.MAX_VALUE;

        Builder(Clock clock, KeepRatioPolicy policy) {
            this.clock = clock;
            this.policy = policy;
        }

        Builder cost(TrueCost cost) {
            this.cost = cost;
            return this;
        }

        /** Frames per second at a simulated time in seconds. */
        Builder load(DoubleUnaryOperator load) {
            this.load = load;
            return this;
        }

        Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        Builder batching(int maxBatchSize, long maxWaitMs) {
            this.maxBatchSize = maxBatchSize;
            this.maxWaitMs = maxWaitMs;
            return this;
        }

        /** Relative standard deviation of service times (Gaussian, seeded). */
        Builder noise(double noise) {
            this.noise = noise;
            return this;
        }

        /** Poisson arrivals (seeded) instead of evenly spaced ones. */
        Builder poisson(long seed) {
            this.poisson = true;
            this.seed = seed;
            return this;
        }

        /** The most frames the instance holds (back-pressure); the rest wait in the topic as lag. */
        Builder holdLimit(int holdLimit) {
            this.holdLimit = holdLimit;
            return this;
        }

        QueueSimulator build() {
            return new QueueSimulator(this);
        }
    }
}
