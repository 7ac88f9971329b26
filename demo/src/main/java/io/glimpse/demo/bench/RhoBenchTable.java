package io.glimpse.demo.bench;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Formats a {@link RhoBenchReport} as the text table the command prints. */
final class RhoBenchTable {

    private static final String ROW = "  %-11s %-16s %9s %9s %7s %7s %8s %6s  %-27s %6s %7s %5s %4s %5s%n";

    private RhoBenchTable() {}

    /**
     * Formats the report.
     *
     * @param r the report
     * @return lines of text
     */
    static String format(RhoBenchReport r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nGlimpse adaptive-rho benchmark%n  command: %s%n", r.command()));
        b.append(String.format(Locale.ROOT, "  model %s%s; %s; %d cores; embedded KRaft broker and registry, exactly-once v2%n",
                r.model(), r.trainedModel() ? "" : " (random weights: accuracy is chance)", settings(r.settings()), r.cores()));
        b.append(String.format(Locale.ROOT, "  capacity (committed frames/s): %.1f at rho %.2f (= 1x), %.1f at the floor rho %.2f (x%.2f)%n",
                r.denseCapacity().framesPerSecond(), r.denseCapacity().keepRatio(), r.floorCapacity().framesPerSecond(),
                r.floorCapacity().keepRatio(), r.floorCapacity().framesPerSecond() / r.denseCapacity().framesPerSecond()));
        b.append(String.format(Locale.ROOT, "  load profile: %s%s%n", r.loadProfile(),
                r.defaultProfile() ? "  (default: light, absorbable by the rho range, beyond the floor, light)" : ""));
        b.append(String.format(Locale.ROOT, "  SLO: p%s <= %d ms, capture -> result; rho range [%.2f, %.2f]%n%n",
                percentile(r.sloPercentile()), r.sloMillis(), r.floor(), r.ceiling()));
        b.append(String.format(Locale.ROOT, ROW, "run", "phase", "offered/s", "achieved", "p50 ms", "p99 ms", "lag max",
                "rho", "rho used", "acc", "eff acc", "lost", "dup", "sat s"));
        for (RunReport run : r.runs()) {
            if (run.skipped() != null) {
                b.append(String.format(Locale.ROOT, "  %-11s skipped: %s%n", run.name(), run.skipped()));
                continue;
            }
            for (PhaseReport p : run.phases()) {
                b.append(String.format(Locale.ROOT, ROW, run.name(), p.phase(), one(p.offeredRate()), one(p.achievedRate()),
                        millis(p.p50Millis()), millis(p.p99Millis()), p.lagMax(), two(p.meanKeepRatio()),
                        shares(p.keepRatioShares()), percent(p.accuracy()), percent(p.effectiveAccuracy()), p.lost(),
                        p.duplicated(), p.saturatedSeconds() == null ? "-" : p.saturatedSeconds().toString()));
            }
        }
        b.append('\n');
        for (RunReport run : r.runs()) {
            if (run.skipped() != null) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "  %s: %d frames acknowledged, %d lost, %d duplicated, %d dead letters; %s%n",
                    run.name(), run.framesAcknowledged(), run.lost(), run.duplicated(), run.deadLetters(),
                    run.drained() ? String.format(Locale.ROOT, "last result %.1f s after the profile", run.drainSeconds())
                            : "NOT DRAINED: results missing at the drain timeout"));
            if (run.saturatedSeconds() != null && run.saturatedSeconds() > 0) {
                b.append(String.format(Locale.ROOT, "  %s: saturated (glimpse.keep.ratio.saturated = 1) for %d s:%s%n",
                        run.name(), run.saturatedSeconds(), saturatedPhases(run)));
            }
            if (run.note() != null) {
                b.append(String.format(Locale.ROOT, "  %s: note: %s%n", run.name(), run.note()));
            }
        }
        b.append(r.exactlyOnce() ? "  every acknowledged frame was answered exactly once\n"
                : "  FAILED: frames lost, duplicated or dead-lettered (see above)\n");
        return b.toString();
    }

    private static String saturatedPhases(RunReport run) {
        StringBuilder b = new StringBuilder();
        for (PhaseReport p : run.phases()) {
            if (p.saturatedSeconds() != null && p.saturatedSeconds() > 0) {
                b.append(String.format(Locale.ROOT, " %d s in %s;", p.saturatedSeconds(), p.phase()));
            }
        }
        return b.length() == 0 ? "" : b.substring(0, b.length() - 1);
    }

    private static String settings(Map<String, Object> settings) {
        StringBuilder b = new StringBuilder();
        settings.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return b.toString();
    }

    /** The three most used ρ values with their shares, e.g. {@code 1.00 62% 0.80 30% ...}. */
    static String shares(Map<String, Double> shares) {
        StringBuilder b = new StringBuilder();
        Iterator<Map.Entry<String, Double>> it = shares.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).iterator();
        for (int i = 0; i < 3 && it.hasNext(); i++) {
            Map.Entry<String, Double> e = it.next();
            b.append(i == 0 ? "" : " ").append(e.getKey()).append(' ').append(Math.round(100 * e.getValue())).append('%');
        }
        if (shares.size() > 3) {
            b.append(" ...");
        }
        return b.length() == 0 ? "-" : b.toString();
    }

    private static String percentile(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    private static String one(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String two(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String millis(long v) {
        return v < 0 ? "-" : Long.toString(v);
    }
}
