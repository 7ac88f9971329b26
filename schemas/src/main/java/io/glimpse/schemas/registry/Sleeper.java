package io.glimpse.schemas.registry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How the client waits between attempts. Injectable so that a test can see every backoff and take no
 * time; production code uses {@link #system()}.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits for {@code duration}, or less if interrupted. */
    void sleep(Duration duration) throws InterruptedException;

    /** Waits on the calling thread. */
    static Sleeper system() {
        return duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }
}
