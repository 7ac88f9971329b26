package io.glimpse.streams.metrics;

import java.util.Optional;

/**
 * Whether this instance is doing its work now, for {@code /readyz}: orchestrators hold a rolling
 * update and count disruptions by it, so it must say why not in one line an operator can act on.
 */
@FunctionalInterface
public interface Readiness {

    /** Always ready: for an endpoint that serves no application. */
    Readiness ALWAYS = Optional::empty;

    /**
     * Returns why this instance is not ready.
     *
     * @return one line, or empty when ready
     */
    Optional<String> notReadyReason();
}
