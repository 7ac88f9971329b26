package io.glimpse.clients.frames;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One status line on stderr, rewritten in place at most once a second ({@code \r}), so a long send
 * shows it is alive without scrolling the terminal; stdout stays free for pipes.
 */
final class ProgressLine {

    private final PrintWriter out;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;
    private long lastFrames;
    private boolean printed;

    ProgressLine(PrintWriter out) {
        this.out = out;
    }

    /** Updates the line if a second passed since the last update. */
    void update(long frames, long bytes) {
        long now = System.nanoTime();
        if (now - lastNanos >= 1_000_000_000L) {
            double fps = (frames - lastFrames) * 1e9 / (now - lastNanos);
            print(frames, bytes, fps, "\r");
            lastNanos = now;
            lastFrames = frames;
        }
    }

    /** Prints the final line: the totals and the mean rate. */
    void finish(long frames, long bytes) {
        long now = System.nanoTime();
        double fps = now == startNanos ? 0 : frames * 1e9 / (now - startNanos);
        print(frames, bytes, fps, printed ? "\r" : "");
        out.println();
        out.flush();
        printed = false;
    }

    /** Ends a status line left open, so that whatever is printed next starts on a line of its own. */
    void endLine() {
        if (printed) {
            out.println();
            out.flush();
            printed = false;
        }
    }

    private void print(long frames, long bytes, double fps, String prefix) {
        out.print(String.format(Locale.ROOT, "%ssent %d frames, %.1f fps, %.1f MB   ", prefix, frames, fps, bytes / 1e6));
        out.flush();
        printed = true;
    }
}
