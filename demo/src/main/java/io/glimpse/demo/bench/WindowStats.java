package io.glimpse.demo.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened in one window of a run (a phase, or one second): frames are counted in the window
 * their capture time falls in, so a frame's latency, ρ and correctness stay with the load that
 * offered it; results read and the once-a-second samples (lag, the controller's gauges) count in
 * the window they were taken in. Not thread-safe: {@link RunRecorder} guards it.
 */
final class WindowStats {

    private final long sloMillis;
    private long sent;
    private long acknowledged;
    private long failed;
    private long answered;
    private long duplicated;
    private long judged;
    private long correct;
    private long correctInSlo;
    private long read;
    private long[] latencies = new long[64];
    private int latencyCount;
    private final Map<Double, Long> keepRatios = new TreeMap<>();
    private double keepRatioSum;
    private long lagSamples;
    private long lagSum;
    private long lagMax;
    private long saturatedSamples;
    private long saturatedSeconds;

    /**
     * Creates an empty window.
     *
     * @param sloMillis the latency objective a correct result must meet to count as effective
     */
    WindowStats(long sloMillis) {
        this.sloMillis = sloMillis;
    }

    void sent() {
        sent++;
    }

    void acknowledged() {
        acknowledged++;
    }

    void failed() {
        failed++;
    }

    /** Counts a result read (by read time), whatever its frame. */
    void read() {
        read++;
    }

    /** Counts a second result for a frame already answered (or never sent). */
    void duplicated() {
        duplicated++;
    }

    /**
     * Counts the first result of a frame captured in this window.
     *
     * @param latencyMillis result time minus capture time
     * @param keepRatio the ρ the frame ran at
     * @param correct whether the top label is the frame's true class; {@code null} when there is no label
     */
    void answered(long latencyMillis, double keepRatio, Boolean correct) {
        answered++;
        if (latencyCount == latencies.length) {
            latencies = Arrays.copyOf(latencies, latencies.length * 2);
        }
        latencies[latencyCount++] = Math.max(0, latencyMillis);
        double rho = Math.round(keepRatio * 100) / 100.0;
        keepRatios.merge(rho, 1L, Long::sum);
        keepRatioSum += keepRatio;
        if (correct != null) {
            judged++;
            if (correct) {
                this.correct++;
                if (latencyMillis <= sloMillis) {
                    correctInSlo++;
                }
            }
        }
    }

    /**
     * Takes the once-a-second sample.
     *
     * @param lag frames sent and not yet answered
     * @param saturated the controller's saturation gauge, or {@code null} when it has none
     */
    void sample(long lag, Double saturated) {
        lagSamples++;
        lagSum += lag;
        lagMax = Math.max(lagMax, lag);
        if (saturated != null && !saturated.isNaN()) {
            saturatedSamples++;
            if (saturated >= 0.5) {
                saturatedSeconds++;
            }
        }
    }

    long sentCount() {
        return sent;
    }

    long readCount() {
        return read;
    }

    long answeredCount() {
        return answered;
    }

    /**
     * Returns a latency percentile of the frames answered (nearest rank, as {@code LatencyHistogram}).
     *
     * @param q in (0, 1]
     * @return milliseconds, or -1 when no frame was answered
     */
    long percentile(double q) {
        if (latencyCount == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(sorted);
        int rank = (int) Math.max(1, Math.ceil(q * latencyCount));
        return sorted[rank - 1];
    }

    /** The mean ρ of the frames answered, NaN when none. */
    double meanKeepRatio() {
        return answered == 0 ? Double.NaN : keepRatioSum / answered;
    }

    /**
     * Summarises the window as a phase of the report.
     *
     * @param name the phase as the profile writes it
     * @param start seconds from the start of the run
     * @param end seconds from the start of the run
     * @return the report
     */
    PhaseReport report(String name, double start, double end) {
        double seconds = end - start;
        Map<String, Double> shares = new LinkedHashMap<>();
        new TreeMap<>(keepRatios).descendingMap().forEach(
                (rho, n) -> shares.put(String.format(Locale.ROOT, "%.2f", rho), (double) n / answered));
        return new PhaseReport(name, start, end, sent / seconds, read / seconds, sent, acknowledged, failed, answered,
                percentile(0.50), percentile(0.99), meanKeepRatio(), shares,
                judged == 0 ? Double.NaN : (double) correct / judged,
                acknowledged == 0 ? Double.NaN : (double) correctInSlo / acknowledged,
                Math.max(0, acknowledged - answered), duplicated,
                lagMax, lagSamples == 0 ? 0 : (double) lagSum / lagSamples,
                saturatedSamples == 0 ? null : saturatedSeconds);
    }
}
