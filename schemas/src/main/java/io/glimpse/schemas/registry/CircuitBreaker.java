package io.glimpse.schemas.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a client from calling a registry that keeps failing. Closed, every request goes out; after
 * {@link RetryPolicy#failureThreshold()} consecutive failed attempts it opens, and for
 * {@link RetryPolicy#openInterval()} every request fails at once without going out; then one request, the
 * probe, is let through while the others still fail fast: if it gets an answer the circuit closes, if it
 * fails the circuit opens again. Without it, every stream thread of every instance would keep retrying into
 * an outage and make the registry's recovery slower.
 *
 * <p>Only failures of the registry count (I/O errors, timeouts, 5xx, 408, 429); any other answer, a refusal
 * included, shows that the registry is up. Thread-safe: one breaker serves all threads of a client.
 */
final class CircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    private final String registry;
    private final int threshold;
    private final Duration openInterval;
    private final Clock clock;

    private int consecutiveFailures;
    private Instant openUntil;
    private boolean probing;

    /**
     * @param registry the registry's URL without credentials, for log lines and messages
     */
    CircuitBreaker(String registry, RetryPolicy policy, Clock clock) {
        this.registry = registry;
        this.threshold = policy.failureThreshold();
        this.openInterval = policy.openInterval();
        this.clock = clock;
    }

    /**
     * Asks to send one request: returns if it may go out, and throws if the circuit is open or another
     * thread's probe is in flight. Every permitted request must end in {@link #succeeded},
     * {@link #failed} or {@link #abandoned}.
     *
     * @return whether the request is the probe
     * @throws RegistryUnreachableException if the request must not go out
     */
    synchronized boolean acquire(String what) {
        if (openUntil == null) {
            return false;
        }
        Instant now = clock.instant();
        if (now.isBefore(openUntil)) {
            throw new RegistryUnreachableException(what + " not sent: circuit open after " + consecutiveFailures
                    + " consecutive failures; next probe in " + Duration.between(now, openUntil).toMillis() + " ms", 0, null);
        }
        if (probing) {
            throw new RegistryUnreachableException(what + " not sent: circuit open after " + consecutiveFailures
                    + " consecutive failures; another request is in flight as the probe", 0, null);
        }
        probing = true;
        return true;
    }

    /** The request got an answer from the registry, whatever it said. */
    synchronized void succeeded() {
        if (openUntil != null) {
            LOG.info("Schema registry {} answers again; circuit closed", registry);
        }
        consecutiveFailures = 0;
        openUntil = null;
        probing = false;
    }

    /**
     * The request failed as an unavailable registry fails.
     *
     * @param detail what went wrong, already free of credentials
     * @param probe what {@link #acquire} returned for the request
     * @return whether the circuit is open now
     */
    synchronized boolean failed(String detail, boolean probe) {
        consecutiveFailures++;
        if (probe) {
            probing = false;
        }
        if (probe || (openUntil == null && consecutiveFailures >= threshold)) {
            openUntil = clock.instant().plus(openInterval);
            LOG.warn("Schema registry {} failed {} consecutive times (last: {}); circuit open: no requests for {} ms, "
                    + "then one probe", registry, consecutiveFailures, detail, openInterval.toMillis());
        }
        return openUntil != null;
    }

    /** The request ended without an outcome (the thread was interrupted): if it was the probe, another may probe. */
    synchronized void abandoned(boolean probe) {
        if (probe) {
            probing = false;
        }
    }
}
