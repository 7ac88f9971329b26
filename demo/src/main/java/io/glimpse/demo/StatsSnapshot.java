package io.glimpse.demo;

import java.util.List;

/**
 * Everything the live view and the summary show, at one instant; immutable.
 *
 * @param elapsedMillis since the statistics started
 * @param cameras one row per camera, in camera order
 * @param results results received
 * @param judged results whose true class was known
 * @param correct results whose top-1 was the true class
 * @param unmatched results for no known frame or for a frame already answered (duplicates)
 * @param deadLetters records on the dead-letter topic
 * @param resultsPerSecond the recent rate of results (last few seconds)
 * @param p50Millis median result time minus capture time; -1 before any result
 * @param p99Millis 99th percentile of the same
 * @param visibleP50Millis median time from capture until the result was readable (committed)
 * @param visibleP99Millis 99th percentile of the same
 * @param modelVersion the version in the latest result, or empty
 */
public record StatsSnapshot(
        long elapsedMillis,
        List<CameraStatus> cameras,
        long results,
        long judged,
        long correct,
        long unmatched,
        long deadLetters,
        double resultsPerSecond,
        long p50Millis,
        long p99Millis,
        long visibleP50Millis,
        long visibleP99Millis,
        String modelVersion) {

    /** Copies the rows. */
    public StatsSnapshot {
        cameras = List.copyOf(cameras);
    }

    /**
     * Returns the accuracy so far.
     *
     * @return in [0, 1], or NaN before any judged result
     */
    public double accuracy() {
        return judged == 0 ? Double.NaN : (double) correct / judged;
    }

    /**
     * Returns the average rate of results over the whole run.
     *
     * @return results per second
     */
    public double averageResultsPerSecond() {
        return elapsedMillis <= 0 ? 0 : results * 1000.0 / elapsedMillis;
    }
}
