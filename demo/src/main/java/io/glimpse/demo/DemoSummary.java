package io.glimpse.demo;

import java.util.Locale;

/**
 * How a demo run ended: what was sent, what came back, and whether every frame got exactly one
 * result.
 *
 * @param stats the final statistics
 * @param sent frames handed to the producer
 * @param acknowledged frames the broker took
 * @param unanswered acknowledged frames with no result when the run stopped
 * @param drained whether every acknowledged frame's result arrived before the drain timeout
 */
public record DemoSummary(StatsSnapshot stats, long sent, long acknowledged, long unanswered, boolean drained) {

    /**
     * Tells whether every acknowledged frame got exactly one result and nothing went to the
     * dead-letter topic.
     *
     * @return the verdict
     */
    public boolean exactlyOneResultPerFrame() {
        return drained && unanswered == 0 && stats.unmatched() == 0 && stats.results() == acknowledged
                && stats.deadLetters() == 0;
    }

    /**
     * Formats the summary for the console.
     *
     * @return several lines
     */
    public String format() {
        StatsSnapshot s = stats;
        return String.format(Locale.ROOT,
                "Summary after %.1f s%n"
                        + "  frames sent %d, acknowledged %d; results %d (%.1f/s on average); unanswered %d; "
                        + "duplicates or unknown %d; dead letters %d%n"
                        + "  accuracy %s (%d/%d)%n"
                        + "  latency (result time - capture time) p50 %s, p99 %s; until committed p50 %s, p99 %s%n"
                        + "  exactly one result per frame: %s%n",
                s.elapsedMillis() / 1000.0, sent, acknowledged, s.results(), s.averageResultsPerSecond(), unanswered,
                s.unmatched(), s.deadLetters(), ConsoleView.percent(s.accuracy()), s.correct(), s.judged(),
                ConsoleView.millis(s.p50Millis()), ConsoleView.millis(s.p99Millis()),
                ConsoleView.millis(s.visibleP50Millis()), ConsoleView.millis(s.visibleP99Millis()),
                exactlyOneResultPerFrame() ? "yes" : "NO");
    }
}
