package io.glimpse.demo.chaos;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * A soak run's summary: per instance and per memory series, the value after the warm-up and at the end,
 * the range and the least-squares slope over the rest of the run. Flat means the range stays within
 * {@link #MARGIN} of the mean.
 */
public final class SoakReport {

    /** The range, as a fraction of the mean after warm-up, within which a series counts as flat. */
    public static final double MARGIN = 0.05;
    /** Minutes of warm-up left out of the verdict: JIT, first GCs, allocator arenas filling. */
    public static final double WARM_UP_MINUTES = 5;

    private final String title;
    private final List<SoakSample> samples;
    private final long[] latencies;
    private final long sent;
    private final long failed;

    SoakReport(String title, List<SoakSample> samples, long[] latencies, long sent, long failed) {
        this.title = title;
        this.samples = List.copyOf(samples);
        this.latencies = latencies.clone();
        this.sent = sent;
        this.failed = failed;
    }

    public List<SoakSample> samples() {
        return samples;
    }

    /** The summary as text. */
    public String format() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%n%s%n", title));
        b.append(String.format(Locale.ROOT, "  frames sent %d (failed %d); capture -> committed result p50 %d ms, p99 %d ms, max %d ms%n",
                sent, failed, RecoveryTracker.percentile(latencies, 0.5), RecoveryTracker.percentile(latencies, 0.99),
                RecoveryTracker.percentile(latencies, 1)));
        b.append(String.format(Locale.ROOT, "  after %.0f min of warm-up; flat = range within %.0f %% of the mean%n", WARM_UP_MINUTES, 100 * MARGIN));
        b.append(String.format(Locale.ROOT, "  %-11s %-22s %10s %10s %10s %10s %9s %12s %s%n", "instance", "series", "at warm-up", "at end",
                "min", "max", "range", "slope/10min", "verdict"));
        Map<String, List<SoakSample>> byInstance = samples.stream().filter(s -> s.minute() >= WARM_UP_MINUTES)
                .collect(Collectors.groupingBy(SoakSample::instance, TreeMap::new, Collectors.toList()));
        byInstance.forEach((instance, list) -> {
            row(b, instance, "resident MB", list, s -> SoakSample.mb(s.residentBytes()));
            row(b, instance, "outside JVM pools MB", list, s -> SoakSample.mb(s.outsideJvmBytes()));
            row(b, instance, "heap after GC MB", list, s -> SoakSample.mb(s.liveDataBytes()));
            row(b, instance, "live NDArrays", list, SoakSample::ndarrays);
            floor(b, instance, list);
        });
        return b.toString();
    }

    private static void row(StringBuilder b, String instance, String series, List<SoakSample> list, ToDoubleFunction<SoakSample> f) {
        double[] x = list.stream().mapToDouble(SoakSample::minute).toArray();
        double[] y = list.stream().mapToDouble(f).toArray();
        if (y.length == 0) {
            return;
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double mean = 0;
        for (double v : y) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            mean += v / y.length;
        }
        double range = mean == 0 ? 0 : (max - min) / mean;
        String verdict = series.equals("live NDArrays") ? "see floor" : range <= MARGIN ? "flat" : "NOT flat";
        b.append(String.format(Locale.ROOT, "  %-11s %-22s %10.1f %10.1f %10.1f %10.1f %8.1f%% %12.2f %s%n", instance, series, y[0],
                y[y.length - 1], min, max, 100 * range, 10 * slope(x, y), verdict));
    }

    /**
     * The NDArray count sampled under load includes the arrays of batches running at that moment; its
     * floor (the model's parameters and nothing else) is what a leak would raise. Compares the least
     * count of the first and the second half of the run.
     */
    private static void floor(StringBuilder b, String instance, List<SoakSample> list) {
        int half = list.size() / 2;
        if (half == 0) {
            return;
        }
        double first = list.subList(0, half).stream().mapToDouble(SoakSample::ndarrays).min().orElse(Double.NaN);
        double second = list.subList(half, list.size()).stream().mapToDouble(SoakSample::ndarrays).min().orElse(Double.NaN);
        b.append(String.format(Locale.ROOT, "  %-11s %-22s least in the first half %.0f, in the second %.0f: %s%n", instance,
                "NDArrays floor", first, second, second <= first ? "flat (the rest are arrays of batches running at the sample)"
                        : "RISING"));
    }

    /** Least-squares slope of y over x. */
    static double slope(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (x[i] - mx) * (y[i] - my);
            den += (x[i] - mx) * (x[i] - mx);
        }
        return den == 0 ? 0 : num / den;
    }
}
