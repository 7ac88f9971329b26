package io.glimpse.streams.metrics;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The NDArrays alive under DJL's system manager as the gauge {@code glimpse.engine.ndarrays}: the
 * model's parameters plus whatever running batches hold. Each array pins native memory the JVM's meters
 * do not see, so a count that climbs across batches or model swaps is a leak even while the heap is flat;
 * a soak run samples it beside resident memory.
 */
public final class LiveArrays implements MeterBinder {

    /** The name, which Prometheus shows as {@code glimpse_engine_ndarrays}. */
    public static final String NAME = "glimpse.engine.ndarrays";

    /** {@inheritDoc} */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, LiveArrays::count)
                .description("NDArrays alive under DJL's system manager (model parameters and running batches)")
                .strongReference(true)
                .register(registry);
    }

    /**
     * Counts the arrays alive now.
     *
     * @return the count, or NaN if the engine's manager does not keep track
     */
    static double count() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager() instanceof BaseNDManager system ? system.getManagedArrays().size() : Double.NaN;
        }
    }
}
