package io.glimpse.streams.models;

import io.glimpse.schemas.weights.RejectionReason;
import io.glimpse.streams.inference.ServedModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The model lifecycle's meters: which version serves and in which precision
 * ({@code glimpse.model.info{version, precision}} = 1, one series at a time, so a fleet dashboard
 * counts instances per version and sees any that serve in another precision), swaps, rejections by
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
     * Registers the meters; the info gauge follows once a model serves ({@link #serving}).
     *
     * @param registry where to register
     */
    public ModelMetrics(MeterRegistry registry) {
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
    }

    /**
     * Records the model now serving: its version and the precision it reports.
     *
     * @param model the model
     */
    public synchronized void serving(ServedModel model) {
        if (info != null) {
            registry.remove(info);
        }
        info = Gauge.builder("glimpse.model.info", () -> 1).description("The model version serving and its precision (value 1)")
                .tag("version", model.getVersion())
                .tag("precision", model.getPrecision().toString())
                .register(registry);
    }

    void swapped(ServedModel model) {
        swaps.increment();
        serving(model);
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
