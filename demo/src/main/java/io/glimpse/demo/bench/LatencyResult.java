package io.glimpse.demo.bench;

/**
 * Latency of the pipeline under one paced load.
 *
 * @param load the fraction of measured capacity offered
 * @param offeredRate frames per second offered
 * @param frames frames sent
 * @param results results received
 * @param achievedRate results per second over the paced period
 * @param p50Millis median result time minus capture time
 * @param p99Millis 99th percentile of the same
 * @param visibleP50Millis median time from capture until the result was committed and read
 * @param visibleP99Millis 99th percentile of the same
 * @param deadLetters records on the dead-letter topic
 */
record LatencyResult(
        double load,
        double offeredRate,
        long frames,
        long results,
        double achievedRate,
        long p50Millis,
        long p99Millis,
        long visibleP50Millis,
        long visibleP99Millis,
        long deadLetters) {}
