package io.glimpse.streams.rho;

import java.util.Arrays;

/**
 * Frames per second arriving at the instance, counted over a sliding window of short slices: a step
 * in load shows within one window, and one slice more or less does not make the rate jump.
 *
 * <p>Thread-safe: stream threads count arrivals while workers read the rate.
 */
final class ArrivalRate {

    private final long sliceNanos;
    private final long[] counts;
    private final long[] sliceIds;
    private final long startNanos;

    /**
     * Creates a meter.
     *
     * @param windowNanos the window, at least one slice
     * @param slices slices per window
     * @param startNanos now: the rate is averaged over the time since (at least half a window),
     *     until a window has passed
     */
    ArrivalRate(long windowNanos, int slices, long startNanos) {
        if (slices < 1 || windowNanos < slices) {
            throw new IllegalArgumentException("A rate window needs at least one slice of at least 1 ns, got "
                    + windowNanos + " ns in " + slices);
        }
        this.sliceNanos = windowNanos / slices;
        this.counts = new long[slices];
        this.sliceIds = new long[slices];
        Arrays.fill(sliceIds, Long.MIN_VALUE);
        this.startNanos = startNanos;
    }

    /**
     * Counts arrivals.
     *
     * @param nowNanos when
     * @param frames how many
     */
    synchronized void add(long nowNanos, int frames) {
        long id = Math.floorDiv(nowNanos, sliceNanos);
        int i = (int) Math.floorMod(id, (long) counts.length);
        if (sliceIds[i] != id) {
            sliceIds[i] = id;
            counts[i] = 0;
        }
        counts[i] += frames;
    }

    /**
     * Returns the rate.
     *
     * @param nowNanos now
     * @return frames per second over the window (or the time since start, if shorter)
     */
    synchronized double perSecond(long nowNanos) {
        long id = Math.floorDiv(nowNanos, sliceNanos);
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (sliceIds[i] > id - counts.length && sliceIds[i] <= id) {
                total += counts[i];
            }
        }
        long covered = (counts.length - 1) * sliceNanos + Math.floorMod(nowNanos, sliceNanos);
        // Early on, a few frames over a few milliseconds would read as a burst: average over at
        // least half a window (under-reading the first half-second instead).
        covered = Math.max(Math.min(covered, nowNanos - startNanos), counts.length * sliceNanos / 2);
        return covered <= 0 ? 0 : total * 1e9 / covered;
    }
}
