package io.glimpse.demo.chaos;

import io.glimpse.demo.FrameProducer;
import io.glimpse.demo.ResultReader;
import io.glimpse.model.DynamicVitConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A long run at a steady fraction of measured capacity, sampling every instance's memory at a fixed
 * interval: resident set, the part outside the JVM's pools (libtorch), heap after GC and live NDArrays.
 * A leak shows as a slope; the run writes the samples (CSV), a plot (PNG) and a summary.
 */
public final class SoakRun {

    private final ChaosSettings settings;
    private final Duration duration;
    private final double load;
    private final Duration interval;
    private final Path out;
    private final Consumer<String> progress;

    /**
     * Prepares a soak run.
     *
     * @param settings the cluster (its camera count is used, its rate is derived from capacity)
     * @param duration how long the load runs
     * @param load the fraction of measured capacity to offer, e.g. 0.8
     * @param interval how often to sample
     * @param out where the CSV and PNG go
     * @param progress where progress lines go
     */
    public SoakRun(ChaosSettings settings, Duration duration, double load, Duration interval, Path out, Consumer<String> progress) {
        this.settings = settings;
        this.duration = duration;
        this.load = load;
        this.interval = interval;
        this.out = out;
        this.progress = progress;
    }

    /**
     * Runs it.
     *
     * @return the samples and their summary
     * @throws Exception if the cluster cannot be started or does not keep up
     */
    public SoakReport run() throws Exception {
        int imageSize = DynamicVitConfig.read(settings.model().config()).getImageHeight();
        RecoveryTracker tracker = new RecoveryTracker();
        List<SoakSample> samples = new ArrayList<>();
        try (ChaosCluster cluster = ChaosCluster.start(settings, progress);
                ResultReader reader = ResultReader.start(cluster.broker().bootstrapServers(), cluster.registry().url(),
                        cluster.topics().results(), cluster.topics().deadLetters(), tracker, "glimpse-soak-results")) {
            double capacity;
            try (FrameProducer backlog = cluster.cameras(imageSize, 1)) {
                Backlog.throughput(backlog, tracker, 2_000, Duration.ofMinutes(5));
                capacity = Backlog.throughput(backlog, tracker, 6_000, Duration.ofMinutes(10));
            }
            double rate = load * capacity;
            progress.accept(String.format(Locale.ROOT, "capacity %.0f frames/s committed; offering %.0f frames/s (%.0f %%) for %d min",
                    capacity, rate, 100 * load, duration.toMinutes()));
            try (FrameProducer cameras = cluster.cameras(imageSize, rate / settings.cameras())) {
                long start = System.currentTimeMillis();
                cameras.start();
                for (long next = start; next <= start + duration.toMillis(); next += interval.toMillis()) {
                    long wait = next - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    double minute = (System.currentTimeMillis() - start) / 60_000.0;
                    for (AppInstance instance : cluster.instances()) {
                        SoakSample sample = SoakSample.of(minute, instance.name(), PrometheusScrape.parse(instance.scrape()));
                        samples.add(sample);
                        progress.accept(sample.csv());
                    }
                }
                cameras.stop();
                long[] latencies = tracker.latencies(start, System.currentTimeMillis());
                Files.createDirectories(out);
                List<String> lines = new ArrayList<>();
                lines.add(SoakSample.csvHeader());
                samples.forEach(s -> lines.add(s.csv()));
                Files.write(out.resolve("soak.csv"), lines);
                String title = String.format(Locale.ROOT, "Glimpse soak: %d instance%s, %.0f frames/s (%.0f %% of %.0f), %d min, %d cores",
                        settings.instances(), settings.instances() == 1 ? "" : "s", rate, 100 * load, capacity, duration.toMinutes(),
                        Runtime.getRuntime().availableProcessors());
                SoakPlot.write(samples, title, out.resolve("soak.png"));
                return new SoakReport(title, samples, latencies, cameras.acknowledged(), cameras.failed());
            }
        }
    }
}
