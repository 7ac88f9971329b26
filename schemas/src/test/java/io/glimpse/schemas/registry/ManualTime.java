package io.glimpse.schemas.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Time that moves only when told: a {@link Clock} for the client and a {@link Sleeper} that, instead of
 * waiting, records the wait and moves the clock on by it. Retry tests thus see every backoff exactly and
 * take no time.
 */
public final class ManualTime extends Clock implements Sleeper {

    private volatile Instant now;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    public ManualTime(Instant start) {
        this.now = start;
    }

    public ManualTime() {
        this(Instant.parse("2026-01-15T10:15:30Z"));
    }

    /** Moves the clock on, as time passing outside any sleep would. */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now = now.plus(duration);
    }

    /** Every wait the client asked for, in order. */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** The sum of {@link #sleeps()}. */
    public Duration slept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
