package io.glimpse.trainer.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.Locale;

/**
 * Shows an epoch's progress on the console: a bar (me.tongfei:progressbar) with the running loss,
 * accuracy and training images per second; or nothing, for logs and tests.
 */
public final class ProgressReporter implements AutoCloseable {

    private final ProgressBar bar;

    private ProgressReporter(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * Starts a bar.
     *
     * @param task the label, e.g. {@code "epoch 3/10"}
     * @param total batches in the epoch
     * @param done batches already done (resumed runs)
     * @param enabled false for no output at all
     * @return the reporter
     */
    public static ProgressReporter start(String task, int total, int done, boolean enabled) {
        if (!enabled) {
            return new ProgressReporter(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .startsFrom(done, java.time.Duration.ZERO)
                .build();
        return new ProgressReporter(bar);
    }

    /**
     * Advances by one batch.
     *
     * @param loss the running mean loss
     * @param accuracy the running training accuracy in [0, 1]
     * @param imagesPerSecond the recent training throughput
     */
    public void step(double loss, double accuracy, double imagesPerSecond) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.1f%% %.0f img/s", loss,
                    100 * accuracy, imagesPerSecond));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
