package io.glimpse.schemas.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently to retry a registry call that failed with an I/O error or a 5xx answer.
 * Those are the failures of a registry that is restarting or overloaded; a 4xx answer is a real "no"
 * and is never retried. Backoff doubles from {@code initialBackoff} up to {@code maxBackoff}.
 */
public final class RetryPolicy {

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private RetryPolicy(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Five attempts, 100 ms doubling to 2 s: rides out a registry restart of a few seconds. */
    public static RetryPolicy defaults() {
        return builder().build();
    }

    /** One attempt, no retry. */
    public static RetryPolicy none() {
        return builder().optMaxAttempts(1).build();
    }

    /** Attempts in all, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} (from 1) failed. */
    public Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
                + ", maxBackoff=" + maxBackoff + "]";
    }

    /** Configures a {@link RetryPolicy}; every setting is optional. */
    public static final class Builder {

        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(2);

        private Builder() {}

        public Builder optMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder optInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
            return this;
        }

        public Builder optMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
            return this;
        }

        public RetryPolicy build() {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
            }
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
            }
            return new RetryPolicy(this);
        }
    }
}
