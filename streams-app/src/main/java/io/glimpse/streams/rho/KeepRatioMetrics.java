package io.glimpse.streams.rho;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.function.ToDoubleFunction;

/**
 * The keep-ratio controller's meters: the ρ it chose and its range, the latency SLO, the predicted
 * and measured latency (seconds, the SLO percentile over the measurement window), the arrival rate,
 * and whether it is saturated (1: even the floor cannot hold the SLO). They sit beside {@code
 * glimpse.keep.ratio}, the ρ of the last batch that ran.
 */
public final class KeepRatioMetrics implements MeterBinder {

    private final KeepRatioController controller;

    /**
     * Creates the binder.
     *
     * @param controller the controller to expose
     */
    public KeepRatioMetrics(KeepRatioController controller) {
        this.controller = controller;
    }

    /** {@inheritDoc} */
    @Override
    public void bindTo(MeterRegistry registry) {
        Tags percentile = Tags.of("percentile", controller.status().percentileLabel());
        gauge(registry, "glimpse.keep.ratio.chosen", "ρ the controller chose for the last batch", null, Tags.empty(),
                KeepRatioStatus::keepRatio);
        gauge(registry, "glimpse.keep.ratio.floor", "Lowest ρ the controller may choose", null, Tags.empty(),
                KeepRatioStatus::floor);
        gauge(registry, "glimpse.keep.ratio.ceiling", "Highest ρ the controller may choose", null, Tags.empty(),
                KeepRatioStatus::ceiling);
        gauge(registry, "glimpse.keep.ratio.saturated", "1 while even the lowest ρ cannot hold the latency SLO", null,
                Tags.empty(), s -> s.saturated() ? 1 : 0);
        gauge(registry, "glimpse.latency.slo", "Latency objective, arrival to result", "seconds", percentile,
                s -> s.sloMillis() / 1e3);
        gauge(registry, "glimpse.latency.predicted", "Worst latency the controller predicted at the ρ it chose", "seconds",
                percentile, s -> s.predictedMillis() / 1e3);
        gauge(registry, "glimpse.latency.measured", "Measured latency, arrival to result, over the controller's window",
                "seconds", percentile, s -> s.measuredMillis() / 1e3);
        gauge(registry, "glimpse.arrival.rate", "Frames per second arriving at the instance", "frames", Tags.empty(),
                KeepRatioStatus::arrivalsPerSecond);
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit, Tags tags,
            ToDoubleFunction<KeepRatioStatus> value) {
        Gauge.builder(name, controller, c -> value.applyAsDouble(c.status()))
                .description(description)
                .baseUnit(unit)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }
}
