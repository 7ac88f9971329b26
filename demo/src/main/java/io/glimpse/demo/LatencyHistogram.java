package io.glimpse.demo;

/**
 * Latencies in whole milliseconds, counted in 1 ms buckets up to a minute (longer ones land in the
 * last bucket): constant memory and exact percentiles at millisecond resolution, however long the
 * run. Not thread-safe.
 */
public final class LatencyHistogram {

    private static final int MAX_MILLIS = 60_000;

    private final long[] counts = new long[MAX_MILLIS + 1];
    private long total;
    private long max;

    /**
     * Counts one latency.
     *
     * @param millis the latency; negative values (clock skew) count as 0
     */
    public void record(long millis) {
        long m = Math.max(0, millis);
        counts[(int) Math.min(m, MAX_MILLIS)]++;
        total++;
        max = Math.max(max, m);
    }

    public long count() {
        return total;
    }

    public long max() {
        return max;
    }

    /**
     * Returns a percentile: the smallest latency at least the fraction {@code q} of all are at or
     * below (nearest rank).
     *
     * @param q in (0, 1]
     * @return milliseconds, or -1 when nothing was recorded
     */
    public long percentile(double q) {
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i == MAX_MILLIS ? max : i;
            }
        }
        return max;
    }
}
