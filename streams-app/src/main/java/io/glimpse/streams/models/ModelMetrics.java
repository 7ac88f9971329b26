package io.glimpse.streams.models;

import io.glimpse.schemas.weights.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The model lifecycle's meters: which version serves ({@code glimpse.model.info{version}} = 1, one
 * series at a time, so a fleet dashboard counts instances per version), swaps, rejections by
 * reason, and how long verifying (signature and hashes) and loading (tensors and canary) take.
 */
public final class ModelMetrics {

    private final MeterRegistry registry;
    private final Counter swaps;
    private final Map<RejectionReason, Counter> rejections = new EnumMap<>(RejectionReason.class);
    private final Timer verify;
    private final Timer load;
    private Gauge info;

    /**
     * Registers the meters.
     *
     * @param registry where to register
     * @param version the version serving at start
     */
    public ModelMetrics(MeterRegistry registry, String version) {
        this.registry = registry;
        swaps = Counter.builder("glimpse.model.swaps").description("Models swapped in while serving").register(registry);
        for (RejectionReason reason : RejectionReason.values()) {
            rejections.put(reason, Counter.builder("glimpse.model.rejections")
                    .description("Published models refused, by reason")
                    .tag("reason", reason.tag())
                    .register(registry));
        }
        verify = Timer.builder("glimpse.model.verify").description("Signature and hash checks of a published model")
                .register(registry);
        load = Timer.builder("glimpse.model.load").description("Loading a published model and running its canary")
                .register(registry);
        serving(version);
    }

    /**
     * Records the version now serving.
     *
     * @param version the version
     */
    public synchronized void serving(String version) {
        if (info != null) {
            registry.remove(info);
        }
        info = Gauge.builder("glimpse.model.info", () -> 1).description("The model version serving (value 1)")
                .tag("version", version).register(registry);
    }

    void swapped(String version) {
        swaps.increment();
        serving(version);
    }

    void rejected(RejectionReason reason) {
        rejections.get(reason).increment();
    }

    void verified(Duration took) {
        verify.record(took);
    }

    void loaded(Duration took) {
        load.record(took);
    }
}
