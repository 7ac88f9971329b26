package io.glimpse.streams.rho;

/**
 * What a keep-ratio controller is doing, as metrics and logs read it. Immutable.
 *
 * @param keepRatio the ρ it chose last
 * @param floor the lowest ρ it may choose
 * @param ceiling the highest ρ it may choose (the top rung: no higher ρ buys accuracy)
 * @param sloMillis the latency objective
 * @param sloPercentile the percentile the objective is for
 * @param predictedMillis the worst latency it predicted at the ρ it chose; NaN when it does not predict
 * @param measuredMillis the SLO percentile of measured arrival-to-result latency over its window; NaN
 *     when no frame finished within the window
 * @param arrivalsPerSecond frames per second arriving at the instance
 * @param saturated whether even the floor cannot meet the SLO (latency grows; no frame is dropped)
 */
public record KeepRatioStatus(
        double keepRatio,
        double floor,
        double ceiling,
        double sloMillis,
        double sloPercentile,
        double predictedMillis,
        double measuredMillis,
        double arrivalsPerSecond,
        boolean saturated) {

    /**
     * Names the SLO percentile as people write it: 99, not 99.0; 99.9 as it is.
     *
     * @return the label
     */
    public String percentileLabel() {
        return percentileLabel(sloPercentile);
    }

    static String percentileLabel(double percentile) {
        return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
    }
}
