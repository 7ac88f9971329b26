package io.glimpse.clients.view;

import java.util.Map;

/**
 * What one second looked like, for the charts.
 *
 * @param time start of the second, epoch milliseconds
 * @param results results read in that second
 * @param p50 median latency (result time − capture time) in milliseconds, or {@code null} without results
 * @param p99 99th-percentile latency in milliseconds, or {@code null} without results
 * @param rho mean keep ratio of the second's results, or {@code null} without results
 * @param lag the results reader's consumer lag at the end of the second, or {@code null} when unknown
 * @param deadLetters dead letters read in that second, by reason
 */
public record SecondPoint(long time, int results, Long p50, Long p99, Double rho, Long lag,
        Map<String, Integer> deadLetters) {

    /** Copies the map. */
    public SecondPoint {
        deadLetters = Map.copyOf(deadLetters);
    }
}
