package io.glimpse.streams.rho;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.streams.inference.KeepRatioPolicy.BatchContext;
import io.glimpse.streams.inference.KeepRatioPolicy.BatchOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

/** The controller's meters, read as a scrape reads them. */
class KeepRatioMetricsTest {

    private final long[] now = {0};
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void shouldExposeRhoTheSloPredictedAndMeasuredLatencyAndSaturation() {
        AdaptiveKeepRatioPolicy policy = AdaptiveKeepRatioPolicy.builder()
                .setCostProfile(ControllerSimulationTest.profileOf(1.0))
                .optSlo(Duration.ofMillis(250), 99)
                .optClock(() -> now[0])
                .build();
        new KeepRatioMetrics(policy).bindTo(registry);

        policy.keepRatio(new BatchContext(16, 1000, 0, 0, 1, 16, 0, 0));
        policy.batchCompleted(new BatchOutcome(2, 0.5, 3_000_000, new long[] {10, 20}, new long[] {120, 180}));

        assertThat(gauge("glimpse.keep.ratio.chosen")).isEqualTo(0.5);
        assertThat(gauge("glimpse.keep.ratio.floor")).isEqualTo(0.5);
        assertThat(gauge("glimpse.keep.ratio.ceiling")).isEqualTo(1.0);
        assertThat(gauge("glimpse.keep.ratio.saturated")).isEqualTo(1);
        assertThat(gauge("glimpse.latency.slo")).isEqualTo(0.25);
        assertThat(gauge("glimpse.latency.predicted")).isGreaterThan(0.25);
        assertThat(gauge("glimpse.latency.measured")).isEqualTo(0.18);
        assertThat(registry.get("glimpse.latency.measured").tag("percentile", "99").gauge()).isNotNull();
        assertThat(gauge("glimpse.arrival.rate")).isZero();
    }

    @Test
    void shouldExposeAFixedRatioWithNoPrediction() {
        FixedKeepRatioController fixed = new FixedKeepRatioController(0.7, Duration.ofMillis(200), 95, () -> now[0]);
        new KeepRatioMetrics(fixed).bindTo(registry);

        assertThat(gauge("glimpse.keep.ratio.chosen")).isEqualTo(0.7);
        assertThat(gauge("glimpse.latency.predicted")).isNaN();
        assertThat(gauge("glimpse.latency.measured")).isNaN();
        assertThat(gauge("glimpse.keep.ratio.saturated")).isZero();
        assertThat(registry.get("glimpse.latency.slo").tag("percentile", "95").gauge().value()).isEqualTo(0.2);
    }
}
