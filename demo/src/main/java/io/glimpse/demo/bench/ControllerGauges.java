package io.glimpse.demo.bench;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One reading of the adaptive ρ controller's gauges (issue #19). Each is {@code null} when the
 * instance does not register it (a build or policy without the controller) or reports NaN. Latencies
 * are converted from the gauges' seconds to milliseconds.
 *
 * @param chosenKeepRatio {@code glimpse.keep.ratio.chosen}
 * @param saturated {@code glimpse.keep.ratio.saturated}: 1 while even the floor cannot hold the SLO
 * @param predictedMillis {@code glimpse.latency.predicted}
 * @param measuredMillis {@code glimpse.latency.measured}
 * @param arrivalRate {@code glimpse.arrival.rate}, frames per second
 */
public record ControllerGauges(
        Double chosenKeepRatio, Double saturated, Double predictedMillis, Double measuredMillis, Double arrivalRate) {

    /** A reading with no gauge at all. */
    static final ControllerGauges NONE = new ControllerGauges(null, null, null, null, null);

    /**
     * Reads the gauges now.
     *
     * @param registry the instance's registry
     * @return the values present
     */
    static ControllerGauges read(MeterRegistry registry) {
        return new ControllerGauges(
                value(registry, "glimpse.keep.ratio.chosen", 1),
                value(registry, "glimpse.keep.ratio.saturated", 1),
                value(registry, "glimpse.latency.predicted", 1000),
                value(registry, "glimpse.latency.measured", 1000),
                value(registry, "glimpse.arrival.rate", 1));
    }

    private static Double value(MeterRegistry registry, String name, double scale) {
        Gauge gauge = registry.find(name).gauge();
        if (gauge == null) {
            return null;
        }
        double v = gauge.value();
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v * scale;
    }
}
