package io.glimpse.streams.rho;

import io.glimpse.model.CostProfile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The load-based ρ controller: per batch, the highest rung of the {@link KeepRatioLadder} whose
 * predicted latency meets the SLO, with hysteresis so that ρ follows load, not noise. It holds the
 * SLO by lowering ρ, never by dropping frames; when even the floor cannot hold it, it says so
 * ({@link KeepRatioStatus#saturated()}, a rate-limited log line) and lets latency grow.
 *
 * <p>A rung is judged by two predictions, both from service times that the {@link CostProfile} gives
 * and the batches that ran keep correcting: the worst latency of the frames held now ({@link
 * LatencyPredictor}), and the utilisation at the measured arrival rate (arrivals over full-batch
 * capacity), which says whether the queue will grow. The law, with a the latency over the SLO and u
 * the utilisation:
 *
 * <ul>
 *   <li>stay while a ≤ 1 and u ≤ 0.95;
 *   <li>otherwise lower at once, to the highest rung with a ≤ 0.9 and u ≤ 0.85 (or, failing that,
 *       with a ≤ 1 and u ≤ 0.95; or the floor);
 *   <li>raise by at most {@code raiseStep}, to the highest rung within it with a ≤ 0.7 and u ≤ 0.85,
 *       once that has held for {@code holdTime} without a break (a spell without batches counts:
 *       an idle instance has headroom) and the measured latency percentile over the window is within
 *       the SLO; then hold again before the next step.
 * </ul>
 *
 * <p>Saturated means the floor fails a ≤ 1 or u ≤ 1: the queue will grow whatever ρ does. An instance
 * without a batch for a whole latency window reports neither saturation nor a prediction.
 *
 * <p>Thread-safe. Every time comes from the injected clock, so tests drive it exactly.
 */
public final class AdaptiveKeepRatioPolicy implements KeepRatioController {

    private static final Logger LOG = LoggerFactory.getLogger(AdaptiveKeepRatioPolicy.class);

    static final double STAY_UTILISATION = 0.95;
    static final double LAND_LATENCY = 0.9;
    static final double LAND_UTILISATION = 0.85;
    static final double RAISE_LATENCY = 0.7;
    /** As for landing: a rung that lowering may land on, raising may reach. */
    static final double RAISE_UTILISATION = LAND_UTILISATION;
    /** Below this many finished frames in the window, measured latency does not gate a raise. */
    static final int MIN_MEASURED = 20;
    private static final long NONE = Long.MIN_VALUE;

    private final KeepRatioLadder ladder;
    private final double sloMillis;
    private final double percentile;
    private final LongSupplier nanoClock;
    private final LongSupplier consumerLag;
    private final long holdNanos;
    private final double raiseStep;
    private final long logIntervalNanos;
    private final long idleNanos;
    private final ServiceTimeEstimator times;
    private final LatencyPredictor predictor;
    private final ArrivalRate arrivals;
    private final LatencyWindow latencies;

    private int index;
    private long headroomSince = NONE;
    private double predictedMillis = Double.NaN;
    private boolean saturated;
    private long lastSaturatedLog = NONE;
    private long changes;
    private long lastDecision = NONE;

    private AdaptiveKeepRatioPolicy(Builder b) {
        ladder = KeepRatioLadder.of(b.floor, b.ceiling, b.step, b.accuracy);
        sloMillis = b.slo.toNanos() / 1e6;
        percentile = b.percentile;
        nanoClock = b.nanoClock;
        consumerLag = b.consumerLag;
        holdNanos = b.holdTime.toNanos();
        raiseStep = b.raiseStep;
        logIntervalNanos = b.logInterval.toNanos();
        idleNanos = b.latencyWindow.toNanos();
        times = new ServiceTimeEstimator(b.profile, b.correctionWeight);
        predictor = new LatencyPredictor(times, NormalQuantile.of(b.percentile / 100));
        long now = nanoClock.getAsLong();
        arrivals = new ArrivalRate(b.rateWindow.toNanos(), 10, now);
        latencies = new LatencyWindow(b.latencyWindow.toNanos(), 1 << 16);
        index = ladder.top();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public double keepRatio(BatchContext batch) {
        long now = nanoClock.getAsLong();
        double rate = arrivals.perSecond(now);
        long lag = lag();
        synchronized (this) {
            if (headroomSince == NONE && lastDecision != NONE && now - lastDecision >= holdNanos) {
                // An instance with no batch to run for a hold time had headroom all along.
                headroomSince = lastDecision;
            }
            lastDecision = now;
            int from = index;
            Verdict stay = verdict(batch, from, rate, lag);
            if (!stay.within(1, STAY_UTILISATION)) {
                index = landing(batch, from, rate, lag);
                headroomSince = NONE;
            } else if (from < ladder.top()) {
                considerRaise(batch, from, rate, lag, now);
            }
            Verdict chosen = index == from ? stay : verdict(batch, index, rate, lag);
            predictedMillis = chosen.latencyMillis;
            if (index != from) {
                changes++;
                LOG.debug("ρ {} -> {}: predicted {} ms (SLO {} ms), utilisation {} at {} frames/s",
                        ladder.rho(from), ladder.rho(index), Math.round(chosen.latencyMillis), sloMillis,
                        String.format("%.2f", chosen.utilisation), Math.round(rate));
            }
            reportSaturation(index == 0 && !chosen.within(1, 1), chosen, rate, now);
            return ladder.rho(index);
        }
    }

    /** The highest rung below {@code from} that leaves headroom; failing that, one that just fits; else the floor. */
    private int landing(BatchContext batch, int from, double rate, long lag) {
        int fits = -1;
        for (int i = from - 1; i >= 0; i--) {
            Verdict v = verdict(batch, i, rate, lag);
            if (v.within(LAND_LATENCY, LAND_UTILISATION)) {
                return i;
            }
            if (fits < 0 && v.within(1, STAY_UTILISATION)) {
                fits = i;
            }
        }
        return Math.max(fits, 0);
    }

    private void considerRaise(BatchContext batch, int from, double rate, long lag, long now) {
        int next = -1;
        for (int i = Math.max(ladder.indexAtOrBelow(ladder.rho(from) + raiseStep), from + 1); i > from; i--) {
            if (verdict(batch, i, rate, lag).within(RAISE_LATENCY, RAISE_UTILISATION)) {
                next = i;
                break;
            }
        }
        if (next < 0) {
            headroomSince = NONE;
            return;
        }
        if (headroomSince == NONE) {
            headroomSince = now;
        } else if (now - headroomSince >= holdNanos) {
            // Measured latency is read only here, at most once per hold time: it vetoes a raise
            // while recent frames missed the SLO, whatever the prediction says.
            if (measuredWithinSlo(now)) {
                index = next;
            }
            headroomSince = now;
        }
    }

    private boolean measuredWithinSlo(long now) {
        return latencies.count(now) < MIN_MEASURED || latencies.percentile(now, percentile) <= sloMillis;
    }

    private Verdict verdict(BatchContext batch, int rung, double rate, long lag) {
        double rho = ladder.rho(rung);
        double latency = predictor.worstLatencyMillis(batch, rho, lag);
        double capacity = batch.workers() * batch.maxBatchSize() * 1000.0 / times.meanMillis(batch.maxBatchSize(), rho);
        return new Verdict(latency, latency / sloMillis, rate / capacity);
    }

    private long lag() {
        try {
            long lag = consumerLag.getAsLong();
            return Math.max(0, lag);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private void reportSaturation(boolean now, Verdict floor, double rate, long nowNanos) {
        if (now && (!saturated || nowNanos - lastSaturatedLog >= logIntervalNanos)) {
            LOG.warn("Saturated: even ρ {} cannot hold the p{} latency SLO of {} ms (predicted {} ms, {} frames/s at {} %"
                            + " of capacity); no frame is dropped, latency grows until load falls",
                    ladder.rho(0), KeepRatioStatus.percentileLabel(percentile), Math.round(sloMillis),
                    Math.round(floor.latencyMillis), Math.round(rate),
                    Math.round(100 * floor.utilisation));
            lastSaturatedLog = nowNanos;
        } else if (!now && saturated) {
            LOG.info("No longer saturated: ρ {} holds the p{} latency SLO of {} ms", ladder.rho(index),
                    KeepRatioStatus.percentileLabel(percentile), Math.round(sloMillis));
        }
        saturated = now;
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
        synchronized (this) {
            times.observe(outcome.batchSize(), outcome.keepRatio(), outcome.serviceNanos() / 1e6);
        }
        for (long latency : outcome.latencyMs()) {
            latencies.add(now, latency);
        }
    }

    /** {@inheritDoc} */
    @Override
    public KeepRatioStatus status() {
        long now = nanoClock.getAsLong();
        double measured = latencies.percentile(now, percentile);
        double rate = arrivals.perSecond(now);
        synchronized (this) {
            // Idle for a whole window: nothing is predicted, and nothing is saturated.
            boolean idle = lastDecision == NONE || now - lastDecision >= idleNanos;
            return new KeepRatioStatus(ladder.rho(index), ladder.rho(0), ladder.rho(ladder.top()), sloMillis, percentile,
                    idle ? Double.NaN : predictedMillis, measured, rate, saturated && !idle);
        }
    }

    /**
     * Returns whether even the floor cannot meet the SLO (cheaper than {@link #status()}).
     *
     * @return true while saturated
     */
    public synchronized boolean saturated() {
        return saturated && nanoClock.getAsLong() - lastDecision < idleNanos;
    }

    /**
     * Returns how often ρ changed since start.
     *
     * @return changes
     */
    public synchronized long changes() {
        return changes;
    }

    /**
     * Returns the correction factor the live batches taught the profile at ρ.
     *
     * @param rho ρ
     * @return measured over profiled service time
     */
    public synchronized double correction(double rho) {
        return times.correction(rho);
    }

    public KeepRatioLadder ladder() {
        return ladder;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "adaptive ρ " + ladder + ", p" + KeepRatioStatus.percentileLabel(percentile) + " SLO "
                + Math.round(sloMillis) + " ms";
    }

    /** A rung's predictions: worst latency, that latency over the SLO, and utilisation. */
    private record Verdict(double latencyMillis, double sloShare, double utilisation) {
        boolean within(double latencyShare, double utilisationLimit) {
            return sloShare <= latencyShare && utilisation <= utilisationLimit;
        }
    }

    /** Builds an {@link AdaptiveKeepRatioPolicy}. */
    public static final class Builder {
        private CostProfile profile;
        private double floor = 0.5;
        private double ceiling = 1.0;
        private double step = 0.05;
        private AccuracyCurve accuracy = AccuracyCurve.monotone();
        private Duration slo = Duration.ofMillis(250);
        private double percentile = 99;
        private LongSupplier nanoClock = System::nanoTime;
        private LongSupplier consumerLag = () -> -1;
        private Duration holdTime = Duration.ofSeconds(1);
        private double raiseStep = 0.1;
        private Duration rateWindow = Duration.ofSeconds(1);
        private Duration latencyWindow = Duration.ofSeconds(5);
        private Duration logInterval = Duration.ofSeconds(30);
        private double correctionWeight = 0.05;

        Builder() {}

        /**
         * Sets the profiled service times (required).
         *
         * @param profile the profile
         * @return this builder
         */
        public Builder setCostProfile(CostProfile profile) {
            this.profile = profile;
            return this;
        }

        /**
         * Sets the range ρ may take (default 0.5–1.0, the shipped student's trained range).
         *
         * @param floor the lowest ρ, at least the accuracy curve's trained minimum
         * @param ceiling the highest ρ
         * @return this builder
         */
        public Builder optRange(double floor, double ceiling) {
            this.floor = floor;
            this.ceiling = ceiling;
            return this;
        }

        /**
         * Sets the grid step of the ladder (default 0.05).
         *
         * @param step positive
         * @return this builder
         */
        public Builder optStep(double step) {
            this.step = step;
            return this;
        }

        /**
         * Sets the accuracy per ρ (default {@link AccuracyCurve#monotone()}).
         *
         * @param accuracy the curve
         * @return this builder
         */
        public Builder optAccuracy(AccuracyCurve accuracy) {
            this.accuracy = accuracy;
            return this;
        }

        /**
         * Sets the latency objective, arrival to result (default p99 250 ms).
         *
         * @param slo the latency
         * @param percentile the percentile it is for, in [50, 100)
         * @return this builder
         */
        public Builder optSlo(Duration slo, double percentile) {
            this.slo = slo;
            this.percentile = percentile;
            return this;
        }

        /**
         * Sets the clock (default {@code System::nanoTime}).
         *
         * @param nanoClock nanoseconds
         * @return this builder
         */
        public Builder optClock(LongSupplier nanoClock) {
            this.nanoClock = nanoClock;
            return this;
        }

        /**
         * Sets where the input topic's consumer lag is read (default: unknown).
         *
         * @param consumerLag frames not yet read by this instance, or a negative number when unknown
         * @return this builder
         */
        public Builder optConsumerLag(LongSupplier consumerLag) {
            this.consumerLag = consumerLag;
            return this;
        }

        /**
         * Sets how long a higher rung must have had headroom before ρ rises to it (default 1 s).
         *
         * @param holdTime not negative
         * @return this builder
         */
        public Builder optHoldTime(Duration holdTime) {
            this.holdTime = holdTime;
            return this;
        }

        /**
         * Sets the most ρ rises in one step (default 0.1); it falls by as much as needed at once.
         *
         * @param raiseStep positive
         * @return this builder
         */
        public Builder optRaiseStep(double raiseStep) {
            this.raiseStep = raiseStep;
            return this;
        }

        /**
         * Sets the windows over which arrivals are counted (default 1 s) and latency percentiles
         * measured (default 5 s).
         *
         * @param rateWindow the arrival-rate window
         * @param latencyWindow the latency window
         * @return this builder
         */
        public Builder optWindows(Duration rateWindow, Duration latencyWindow) {
            this.rateWindow = rateWindow;
            this.latencyWindow = latencyWindow;
            return this;
        }

        /**
         * Sets how often the saturated warning is repeated while saturation lasts (default 30 s).
         *
         * @param logInterval the interval
         * @return this builder
         */
        public Builder optLogInterval(Duration logInterval) {
            this.logInterval = logInterval;
            return this;
        }

        /**
         * Sets the weight of each batch in the service-time correction (default 0.05: about the last
         * 20–40 batches count, a second or less under load).
         *
         * @param correctionWeight in (0, 1]
         * @return this builder
         */
        public Builder optCorrectionWeight(double correctionWeight) {
            this.correctionWeight = correctionWeight;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the controller, at its top rung
         */
        public AdaptiveKeepRatioPolicy build() {
            if (profile == null) {
                throw new IllegalArgumentException("The adaptive keep-ratio controller needs a cost profile");
            }
            if (floor < accuracy.trainedMin() - 1e-9) {
                throw new IllegalArgumentException("Keep ratio floor " + floor + " is below the range the model was trained"
                        + " for (" + accuracy.trainedMin() + "–" + accuracy.trainedMax() + ", " + accuracy.source() + ")");
            }
            if (slo.isNegative() || slo.isZero() || !(percentile >= 50 && percentile < 100)) {
                throw new IllegalArgumentException("A latency SLO needs a positive time and a percentile in [50, 100), got "
                        + slo + " at p" + percentile);
            }
            if (holdTime.isNegative() || !(raiseStep > 0) || rateWindow.isNegative() || rateWindow.isZero()
                    || latencyWindow.isNegative() || latencyWindow.isZero() || logInterval.isNegative()) {
                throw new IllegalArgumentException("Controller timings must be positive (hold " + holdTime + ", raise step "
                        + raiseStep + ", windows " + rateWindow + "/" + latencyWindow + ", log " + logInterval + ")");
            }
            return new AdaptiveKeepRatioPolicy(this);
        }
    }
}
