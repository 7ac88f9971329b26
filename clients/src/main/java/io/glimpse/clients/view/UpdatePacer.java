package io.glimpse.clients.view;

import java.time.Duration;

/**
 * Decides when one page gets the next update: only when the state changed, and never sooner than
 * the minimum interval after the last one. Whatever changed in between is coalesced into the next
 * update, which carries the latest state: a slow browser loses display updates, never data, since
 * the state itself is built from every record. One per connection; not thread-safe.
 */
public final class UpdatePacer {

    private final long minIntervalNanos;
    private long sentVersion = -1;
    private long sentAtNanos;
    private boolean sentOnce;

    /**
     * Creates a pacer.
     *
     * @param minInterval the least time between two updates, e.g. 200 ms for at most 5 per second
     */
    public UpdatePacer(Duration minInterval) {
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("negative interval: " + minInterval);
        }
        this.minIntervalNanos = minInterval.toNanos();
    }

    /**
     * Asks whether to send the state of a version now, and if so records that it was sent.
     *
     * @param version the version of the latest state
     * @param nowNanos the current {@link System#nanoTime()}
     * @return whether to send it
     */
    public boolean shouldSend(long version, long nowNanos) {
        if (version == sentVersion || nanosUntilAllowed(nowNanos) > 0) {
            return false;
        }
        sentVersion = version;
        sentAtNanos = nowNanos;
        sentOnce = true;
        return true;
    }

    /**
     * Returns how long until the next update may go.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     * @return nanoseconds, 0 when one may go now
     */
    public long nanosUntilAllowed(long nowNanos) {
        return sentOnce ? Math.max(0, sentAtNanos + minIntervalNanos - nowNanos) : 0;
    }
}
