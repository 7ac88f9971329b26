package io.glimpse.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Draws the live table of a {@link StatsSnapshot} with plain ANSI escapes: on a terminal it clears
 * the screen and redraws in place, elsewhere (a pipe, a log) it appends each table.
 */
public final class ConsoleView {

    private static final String CLEAR = "\033[H\033[2J";

    private final PrintStream out;
    private final boolean redraw;
    private final String header;

    /**
     * Creates a view.
     *
     * @param out where to draw
     * @param redraw whether to clear the screen before each table
     * @param header the first line, saying what runs
     */
    public ConsoleView(PrintStream out, boolean redraw, String header) {
        this.out = out;
        this.redraw = redraw;
        this.header = header;
    }

    /**
     * Draws one frame of the view.
     *
     * @param s the state to show
     * @param sent frames sent so far
     * @param footer the last line (how to stop)
     */
    public void draw(StatsSnapshot s, long sent, String footer) {
        StringBuilder b = new StringBuilder();
        if (redraw) {
            b.append(CLEAR);
        }
        b.append(header).append('\n');
        b.append(String.format(Locale.ROOT, "elapsed %s · model %s%n%n", clock(s.elapsedMillis()),
                s.modelVersion().isEmpty() ? "-" : s.modelVersion()));
        b.append(table(s));
        b.append('\n').append(overall(s, sent)).append('\n');
        if (footer != null && !footer.isEmpty()) {
            b.append(footer).append('\n');
        }
        out.print(b);
        out.flush();
    }

    /**
     * Formats the per-camera table.
     *
     * @param s the state
     * @return the table, one line per camera after a header line
     */
    public static String table(StatsSnapshot s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-8s %7s  %-12s %5s %5s %6s %9s  %-5s %7s  %s%n",
                "camera", "results", "label", "conf", "rho", "kept", "latency", "match", "acc", "model"));
        for (CameraStatus c : s.cameras()) {
            b.append(String.format(Locale.ROOT, "%-8s %7d  %-12s %5.2f %5.2f %5.0f%% %6d ms  %-5s %7s  %s%n",
                    c.streamId(), c.results(), truncate(c.label(), 12), c.confidence(), c.keepRatio(),
                    c.keptPercent(), c.latencyMillis(), c.match() == null ? "?" : c.match() ? "yes" : "no",
                    percent(c.accuracy()), c.modelVersion()));
        }
        return b.toString();
    }

    /**
     * Formats the overall line.
     *
     * @param s the state
     * @param sent frames sent so far
     * @return one line
     */
    public static String overall(StatsSnapshot s, long sent) {
        return String.format(Locale.ROOT,
                "throughput %.1f results/s · sent %d · results %d · accuracy %s (%d/%d) · DLQ %d · latency p50 %s p99 %s",
                s.resultsPerSecond(), sent, s.results(), percent(s.accuracy()), s.correct(), s.judged(),
                s.deadLetters(), millis(s.p50Millis()), millis(s.p99Millis()));
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    static String millis(long ms) {
        return ms < 0 ? "-" : ms + " ms";
    }

    private static String clock(long millis) {
        long s = millis / 1000;
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    private static String truncate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
