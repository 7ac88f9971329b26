package io.glimpse.streams.rho;

import io.glimpse.streams.inference.KeepRatioPolicy;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Always answers the same ρ ({@code glimpse.keep.ratio}), and still measures arrivals and latency
 * against the SLO, so that the metrics say whether a fixed ρ holds it before anyone turns the
 * adaptive controller on. Thread-safe.
 */
public final class FixedKeepRatioController implements KeepRatioController {

    private final double rho;
    private final long sloMillis;
    private final double percentile;
    private final LongSupplier nanoClock;
    private final ArrivalRate arrivals;
    private final LatencyWindow latencies;

    /**
     * Creates the controller.
     *
     * @param rho ρ in (0, 1]
     * @param slo the latency objective
     * @param percentile the percentile it is for, in (0, 100)
     * @param nanoClock nanoseconds
     */
    public FixedKeepRatioController(double rho, Duration slo, double percentile, LongSupplier nanoClock) {
        KeepRatioPolicy.fixed(rho);
        this.rho = rho;
        this.sloMillis = slo.toMillis();
        this.percentile = percentile;
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        this.arrivals = new ArrivalRate(Duration.ofSeconds(1).toNanos(), 10, now);
        this.latencies = new LatencyWindow(Duration.ofSeconds(5).toNanos(), 1 << 16);
    }

    /** {@inheritDoc} */
    @Override
    public double keepRatio(BatchContext batch) {
        return rho;
    }

    /** {@inheritDoc} */
    @Override
    public void frameArrived(long nowMs) {
        arrivals.add(nanoClock.getAsLong(), 1);
    }

    /** {@inheritDoc} */
    @Override
    public void batchCompleted(BatchOutcome outcome) {
        long now = nanoClock.getAsLong();
        for (long latency : outcome.latencyMs()) {
            latencies.add(now, latency);
        }
    }

    /** {@inheritDoc} */
    @Override
    public KeepRatioStatus status() {
        long now = nanoClock.getAsLong();
        return new KeepRatioStatus(rho, rho, rho, sloMillis, percentile, Double.NaN,
                latencies.percentile(now, percentile), arrivals.perSecond(now), false);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "fixed ρ " + rho;
    }
}
