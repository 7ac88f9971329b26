package io.glimpse.schemas.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often, how patiently and for how long in all to retry a registry call that failed transiently: an
 * I/O error or timeout, a 5xx, 408 or 429 answer. Those are the failures of a registry that is restarting or
 * overloaded; any other answer is final and never retried.
 *
 * <p>Backoff doubles from {@code initialBackoff} up to {@code maxBackoff}, and a random share of it, up to
 * {@code jitter}, is taken off so that clients that failed together do not return together. A
 * {@code Retry-After} from the registry is waited out if it asks for longer. No call runs longer than
 * {@code maxWait}, attempts and waits together: a call made while a Kafka transaction is open must give up
 * before the transaction times out. And after {@code failureThreshold} consecutive failed attempts the
 * client stops calling for {@code openInterval}, then lets one call probe the registry: an outage is not
 * made worse by every caller retrying into it.
 */
public final class RetryPolicy {

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final Duration maxWait;
    private final int failureThreshold;
    private final Duration openInterval;

    private RetryPolicy(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.jitter = builder.jitter;
        this.maxWait = builder.maxWait;
        this.failureThreshold = builder.failureThreshold;
        this.openInterval = builder.openInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Five attempts, 100 ms doubling to 2 s less up to half of it at random, at most 5 s in all; the circuit
     * opens for 5 s after 5 consecutive failures. Rides out a registry restart of a few seconds and gives up
     * well within the 10 s transaction timeout Kafka Streams sets under exactly-once.
     */
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

    /** The longest wait before attempt {@code attempt + 1}, after {@code attempt} (from 1) failed: no jitter. */
    public Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    /** The wait before attempt {@code attempt + 1}: {@link #backoff(int)} less a random share up to the jitter. */
    public Duration backoff(int attempt, RandomGenerator random) {
        long ceiling = backoff(attempt).toMillis();
        return Duration.ofMillis(Math.round(ceiling * (1 - jitter * random.nextDouble())));
    }

    /** The largest share of each backoff taken off at random, from 0 (none) to 1. */
    public double jitter() {
        return jitter;
    }

    /** The longest one call may take, every attempt and wait included. */
    public Duration maxWait() {
        return maxWait;
    }

    /** Consecutive failed attempts, across calls, after which the client stops calling for a while. */
    public int failureThreshold() {
        return failureThreshold;
    }

    /** How long the client fails fast, without calling, once the threshold is reached. */
    public Duration openInterval() {
        return openInterval;
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", jitter=" + jitter + ", maxWait=" + maxWait + ", failureThreshold=" + failureThreshold
                + ", openInterval=" + openInterval + "]";
    }

    /** Configures a {@link RetryPolicy}; every setting is optional. */
    public static final class Builder {

        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private double jitter = 0.5;
        private Duration maxWait = Duration.ofSeconds(5);
        private int failureThreshold = 5;
        private Duration openInterval = Duration.ofSeconds(5);

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

        /** 0.5 by default: each wait lies between half the backoff and all of it. */
        public Builder optJitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /** 5 s by default; keep it below the transaction timeout of whatever calls the registry. */
        public Builder optMaxWait(Duration maxWait) {
            this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
            return this;
        }

        public Builder optFailureThreshold(int failureThreshold) {
            this.failureThreshold = failureThreshold;
            return this;
        }

        public Builder optOpenInterval(Duration openInterval) {
            this.openInterval = Objects.requireNonNull(openInterval, "openInterval");
            return this;
        }

        public RetryPolicy build() {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
            }
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
            }
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter must be between 0 and 1: " + jitter);
            }
            if (maxWait.isNegative() || maxWait.isZero()) {
                throw new IllegalArgumentException("maxWait must be positive: " + maxWait);
            }
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("failureThreshold must be at least 1: " + failureThreshold);
            }
            if (openInterval.isNegative()) {
                throw new IllegalArgumentException("openInterval must not be negative: " + openInterval);
            }
            return new RetryPolicy(this);
        }
    }
}
