package io.glimpse.streams.rho;

import java.util.Arrays;

/**
 * Measured arrival-to-result latencies over a sliding time window, and their percentiles. Samples
 * are kept raw in a ring (the newest {@code capacity}), so a percentile is exact; it is computed
 * only when asked (a metrics scrape, a decision to raise ρ), not per frame.
 *
 * <p>Thread-safe.
 */
final class LatencyWindow {

    private final long windowNanos;
    private final long[] at;
    private final long[] millis;
    private int next;
    private int size;

    /**
     * Creates a window.
     *
     * @param windowNanos how far back samples count
     * @param capacity the most samples kept; older ones are forgotten first
     */
    LatencyWindow(long windowNanos, int capacity) {
        if (windowNanos <= 0 || capacity < 1) {
            throw new IllegalArgumentException("A latency window needs a positive length and capacity, got "
                    + windowNanos + " ns and " + capacity);
        }
        this.windowNanos = windowNanos;
        this.at = new long[capacity];
        this.millis = new long[capacity];
    }

    /**
     * Records a latency.
     *
     * @param nowNanos when it was measured
     * @param latencyMs the latency
     */
    synchronized void add(long nowNanos, long latencyMs) {
        at[next] = nowNanos;
        millis[next] = latencyMs;
        next = (next + 1) % at.length;
        size = Math.min(size + 1, at.length);
    }

    /**
     * Returns a percentile of the latencies within the window.
     *
     * @param nowNanos now
     * @param percentile in (0, 100]
     * @return milliseconds (nearest rank), or NaN when the window holds none
     */
    synchronized double percentile(long nowNanos, double percentile) {
        long[] recent = new long[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (nowNanos - at[i] <= windowNanos) {
                recent[n++] = millis[i];
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(recent, 0, n);
        int rank = (int) Math.ceil(percentile / 100 * n);
        return recent[Math.max(0, Math.min(n - 1, rank - 1))];
    }

    /**
     * Counts the latencies within the window.
     *
     * @param nowNanos now
     * @return samples
     */
    synchronized int count(long nowNanos) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (nowNanos - at[i] <= windowNanos) {
                n++;
            }
        }
        return n;
    }
}
