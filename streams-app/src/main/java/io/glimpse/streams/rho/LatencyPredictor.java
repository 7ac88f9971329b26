package io.glimpse.streams.rho;

import io.glimpse.streams.inference.KeepRatioPolicy.BatchContext;

/**
 * Predicts, for a candidate ρ, the worst arrival-to-result latency among the frames an instance
 * holds when a batch starts: the batch, the frames queued behind it and, when known, the consumer
 * lag (frames that will arrive behind them).
 *
 * <p>It plays the backlog through the workers first in, first out, at the candidate ρ: the batch on
 * its worker, the other running batches assumed half done, then the queue in full batches, each on
 * the earliest free worker. Frames are served in arrival order, so the worst latency is that of the
 * batch's oldest frame, of the queue's oldest frame (its age plus the first queued batch's
 * completion) or of the last frame (the whole drain). Each completion carries a noise margin of z
 * standard deviations of the batches before it on its worker, z set by the SLO percentile.
 *
 * <p>A drain of more than {@value #EXACT_BATCHES} batches is played exactly for that many and
 * extrapolated at full-batch throughput beyond, so a large lag costs no more than a small one.
 */
final class LatencyPredictor {

    static final int EXACT_BATCHES = 256;

    private final ServiceTimeEstimator times;
    private final double z;

    /**
     * Creates a predictor.
     *
     * @param times service times
     * @param z standard normal quantile of the SLO percentile
     */
    LatencyPredictor(ServiceTimeEstimator times, double z) {
        this.times = times;
        this.z = z;
    }

    /**
     * Predicts the worst latency at ρ.
     *
     * @param batch the batch about to run and its backlog
     * @param rho the candidate ρ
     * @param lagFrames frames not yet read from the input topic, 0 when unknown
     * @return milliseconds
     */
    double worstLatencyMillis(BatchContext batch, double rho, long lagFrames) {
        int workers = batch.workers();
        int max = batch.maxBatchSize();
        double cv = times.coefficientOfVariation();
        double[] free = new double[workers];
        double[] variance = new double[workers];
        double own = times.meanMillis(batch.batchSize(), rho);
        free[0] = own;
        variance[0] = own * own;
        int others = Math.min(batch.runningBatches(), workers - 1);
        if (others > 0) {
            int size = Math.max(1, Math.round((float) batch.runningFrames() / batch.runningBatches()));
            double half = times.meanMillis(Math.min(size, max), rho) / 2;
            for (int w = 1; w <= others; w++) {
                free[w] = half;
                variance[w] = half * half;
            }
        }
        double worst = batch.batchAgeMs() + own + margin(cv, variance[0]);
        long remaining = batch.queuedFrames() + Math.max(0, lagFrames);
        boolean first = true;
        double last = 0;
        int played = 0;
        while (remaining > 0 && played < EXACT_BATCHES) {
            int size = (int) Math.min(remaining, max);
            int w = earliest(free);
            double t = times.meanMillis(size, rho);
            free[w] += t;
            variance[w] += t * t;
            double done = free[w] + margin(cv, variance[w]);
            if (first && batch.queuedFrames() > 0) {
                worst = Math.max(worst, batch.queueAgeMs() + done);
                first = false;
            }
            last = done;
            remaining -= size;
            played++;
        }
        if (remaining > 0) {
            double full = times.meanMillis(max, rho);
            double rounds = (double) remaining / ((double) max * workers);
            double latest = 0;
            double spread = 0;
            for (int w = 0; w < workers; w++) {
                latest = Math.max(latest, free[w]);
                spread = Math.max(spread, variance[w]);
            }
            last = latest + rounds * full + margin(cv, spread + rounds * full * full);
        }
        return Math.max(worst, last);
    }

    private double margin(double cv, double variance) {
        return z * cv * Math.sqrt(variance);
    }

    private static int earliest(double[] free) {
        int best = 0;
        for (int w = 1; w < free.length; w++) {
            if (free[w] < free[best]) {
                best = w;
            }
        }
        return best;
    }
}
