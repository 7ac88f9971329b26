package io.glimpse.streams.rho;

import io.glimpse.streams.inference.KeepRatioPolicy;

/**
 * A {@link KeepRatioPolicy} that reports what it is doing, for {@link KeepRatioMetrics}: the
 * adaptive controller, or a fixed ρ that still measures latency against the SLO.
 */
public interface KeepRatioController extends KeepRatioPolicy {

    /**
     * Describes the controller now.
     *
     * @return a snapshot
     */
    KeepRatioStatus status();
}
