package io.glimpse.demo.bench;

import io.glimpse.demo.ResultSink;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.Timings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The latency of a paced run, and where its tail comes from. Frames captured before the warm-up
 * ends are counted but not measured, so that the figure is the steady state of a running instance,
 * not its first seconds (which {@link LatencyResult#warmUpP99Millis} reports apart).
 *
 * <p>Each result carries its own timings: the time queued in the batcher, the time of its batch's
 * inference, and capture → result. The rest of capture → result is outside the batcher: the
 * producer and the broker, the consumer's fetch, the stream thread, and the wait until the task
 * forwards a finished frame. Commit is what lies between the result and its being read
 * ({@code read_committed}). Splitting the frames above the p99 this way names the cause of the
 * tail: a queue (too little CPU for the batches), the model (batches too large), or everything
 * outside the batcher (the Kafka side, a garbage-collector pause, a commit holding the stream
 * thread); the capture-time windows the tail falls in tell a burst of one event from a spread, and
 * the frames whose trip overlaps a {@link GcPauses garbage-collector pause} or a {@link JitCompilations long
 * JIT compilation} name those causes.
 *
 * <p>Thread-safe: the result reader reports here while the bench reads.
 */
final class LatencyRecorder implements ResultSink {

    /** Width of the capture-time windows the tail is counted in. */
    static final long TAIL_WINDOW_MILLIS = 250;

    private final long measuredFromMillis;
    private final List<long[]> samples = new ArrayList<>();
    private final List<Long> warmUp = new ArrayList<>();
    private long results;
    private long deadLetters;

    /**
     * Creates an empty recorder.
     *
     * @param measuredFromMillis frames captured before this moment (epoch milliseconds) are the warm-up
     */
    LatencyRecorder(long measuredFromMillis) {
        this.measuredFromMillis = measuredFromMillis;
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void onResult(FrameResult result, long readAtMillis) {
        results++;
        long capture = result.getCaptureTime().toEpochMilli();
        long endToEnd = result.getResultTime().toEpochMilli() - capture;
        if (capture < measuredFromMillis) {
            warmUp.add(endToEnd);
            return;
        }
        Timings t = result.getTimings();
        samples.add(new long[] {capture, endToEnd, readAtMillis - capture, t.getQueuedMicros(), t.getInferenceMicros()});
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void onDeadLetter() {
        deadLetters++;
    }

    synchronized long results() {
        return results;
    }

    synchronized long deadLetters() {
        return deadLetters;
    }

    /** Results measured (captured after the warm-up). */
    synchronized long measured() {
        return samples.size();
    }

    /**
     * Returns a percentile of capture → result over the measured frames.
     *
     * @param p the percentile, 0–100
     * @return milliseconds, or -1 when nothing was measured
     */
    synchronized long endToEndPercentile(double p) {
        return percentile(column(1), p);
    }

    /**
     * Returns a percentile of capture → committed and read over the measured frames.
     *
     * @param p the percentile, 0–100
     * @return milliseconds, or -1 when nothing was measured
     */
    synchronized long visiblePercentile(double p) {
        return percentile(column(2), p);
    }

    /**
     * Returns the 99th percentile of capture → result over the warm-up frames.
     *
     * @return milliseconds, or -1 when there were none
     */
    synchronized long warmUpP99() {
        return percentile(new ArrayList<>(warmUp), 99);
    }

    /**
     * Splits the frames at or above the p99 of capture → result into their parts.
     *
     * @param pauses the garbage collector's pauses over the run
     * @param compilations the JIT compiler's long compilations over the run
     * @return the mean parts of the tail
     */
    synchronized Tail tail(List<Stall> pauses, List<Stall> compilations) {
        long p99 = endToEndPercentile(99);
        if (p99 < 0) {
            return new Tail(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        double queued = 0;
        double inference = 0;
        double outside = 0;
        double commit = 0;
        Set<Long> windows = new HashSet<>();
        int n = 0;
        int paused = 0;
        int compiled = 0;
        for (long[] s : samples) {
            if (s[1] < p99) {
                continue;
            }
            double q = s[3] / 1000.0;
            double i = s[4] / 1000.0;
            queued += q;
            inference += i;
            outside += s[1] - q - i;
            commit += s[2] - s[1];
            windows.add(s[0] / TAIL_WINDOW_MILLIS);
            long from = s[0];
            long to = s[0] + s[1];
            if (pauses.stream().anyMatch(p -> p.overlaps(from, to))) {
                paused++;
            }
            if (compilations.stream().anyMatch(c -> c.overlaps(from, to))) {
                compiled++;
            }
            n++;
        }
        return new Tail(n, p99, queued / n, inference / n, outside / n, commit / n, windows.size(), paused, compiled);
    }

    private List<Long> column(int index) {
        List<Long> values = new ArrayList<>(samples.size());
        samples.forEach(s -> values.add(s[index]));
        return values;
    }

    private static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return -1;
        }
        values.sort(null);
        int rank = (int) Math.ceil(p / 100 * values.size()) - 1;
        return values.get(Math.max(0, Math.min(values.size() - 1, rank)));
    }

    /**
     * The frames at or above the p99, and the mean of each part of their latency.
     *
     * @param frames frames in the tail
     * @param p99Millis the p99 of capture → result
     * @param queuedMillis mean time queued in the batcher
     * @param inferenceMillis mean time of their batches' inference
     * @param outsideMillis mean time outside the batcher (Kafka, the stream thread, forwarding)
     * @param commitMillis mean time from result until committed and read
     * @param windows distinct {@value LatencyRecorder#TAIL_WINDOW_MILLIS}-ms capture windows they fall in
     * @param gcPaused frames whose trip (capture → result) overlaps a garbage-collector pause
     * @param jitCompiling frames whose trip overlaps a long JIT compilation
     */
    record Tail(int frames, long p99Millis, double queuedMillis, double inferenceMillis, double outsideMillis,
            double commitMillis, int windows, int gcPaused, int jitCompiling) {}
}
