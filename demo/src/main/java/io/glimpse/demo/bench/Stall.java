package io.glimpse.demo.bench;

/**
 * A stretch of time in which this process did something other than serve frames — a garbage
 * collector pause, a long JIT compilation — laid beside a latency tail to name its cause.
 *
 * @param startMillis when it began (epoch milliseconds)
 * @param endMillis when it ended
 * @param what what it was, e.g. "G1 Young Generation" or "tier 4"
 */
record Stall(long startMillis, long endMillis, String what) {

    long millis() {
        return endMillis - startMillis;
    }

    boolean overlaps(long fromMillis, long toMillis) {
        return startMillis < toMillis && endMillis > fromMillis;
    }
}
