package io.glimpse.demo.chaos;

import io.glimpse.demo.chaos.AuditResult.Tally;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What a chaos run found, per fault class and in total, and whether it passed: every frame accounted
 * for exactly once, every fault recovered from, no instance exiting by itself.
 *
 * <p>A fault's frames are those captured from its injection until the next fault's; its stall is the time
 * from injection until every stream again had a committed result for a frame captured after it.
 */
public final class ChaosReport {

    private final ChaosSettings settings;
    private final FaultSchedule schedule;
    private final List<InjectedFault> faults;
    private final List<Long> stalls;
    private final AuditResult audit;
    private final List<String> unplannedExits;
    private final long failedSends;
    private final long startMillis;

    ChaosReport(ChaosSettings settings, FaultSchedule schedule, List<InjectedFault> faults, List<Long> stalls, AuditResult audit,
            List<String> unplannedExits, long failedSends, long startMillis) {
        this.settings = settings;
        this.schedule = schedule;
        this.faults = List.copyOf(faults);
        this.stalls = List.copyOf(stalls);
        this.audit = audit;
        this.unplannedExits = List.copyOf(unplannedExits);
        this.failedSends = failedSends;
        this.startMillis = startMillis;
    }

    /** The audit of every frame. */
    public AuditResult audit() {
        return audit;
    }

    /** The faults as injected, in order. */
    public List<InjectedFault> faults() {
        return faults;
    }

    /** Per fault, the stall in milliseconds, or -1 if the streams never all recovered. */
    public List<Long> stalls() {
        return stalls;
    }

    /** Instances that exited without being killed. */
    public List<String> unplannedExits() {
        return unplannedExits;
    }

    /** Whether the run passed: the audit is clean, every fault recovered, nothing exited by itself. */
    public boolean passed() {
        return audit.clean() && stalls.stream().allMatch(s -> s >= 0) && unplannedExits.isEmpty();
    }

    /** Rows per fault class: what was injected and what it cost. */
    public Map<FaultKind, Row> rows() {
        Map<FaultKind, List<Integer>> byKind = new EnumMap<>(FaultKind.class);
        for (int i = 0; i < faults.size(); i++) {
            byKind.computeIfAbsent(faults.get(i).fault().kind(), k -> new ArrayList<>()).add(i);
        }
        Map<FaultKind, Row> rows = new EnumMap<>(FaultKind.class);
        byKind.forEach((kind, indices) -> {
            List<Long> recovered = new ArrayList<>();
            List<Tally> tallies = new ArrayList<>();
            for (int i : indices) {
                if (stalls.get(i) >= 0) {
                    recovered.add(stalls.get(i));
                }
                long from = faults.get(i).injectedMillis();
                long to = i + 1 < faults.size() ? faults.get(i + 1).injectedMillis() : Long.MAX_VALUE;
                tallies.add(audit.tally(from, to));
            }
            recovered.sort(null);
            rows.put(kind, new Row(indices.size(), recovered.size(),
                    recovered.isEmpty() ? -1 : recovered.get((recovered.size() - 1) / 2),
                    recovered.isEmpty() ? -1 : recovered.get(recovered.size() - 1),
                    sum(tallies, Tally::good), sum(tallies, Tally::lost), sum(tallies, Tally::duplicated),
                    sum(tallies, Tally::misrouted), sum(tallies, Tally::malformed), sum(tallies, Tally::deadLettered)));
        });
        return rows;
    }

    /** The report as text: settings, the timeline, one row per fault class, the totals and the verdict. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nGlimpse chaos run (seed %d)%n", schedule.seed()));
        b.append(String.format(Locale.ROOT, "  %d instances (processes), %d partitions, %d cameras x %.1f frames/s, process broker and registry;"
                        + " session timeout %d s; model %s; %d cores%n", settings.instances(), settings.partitions(), settings.cameras(),
                settings.framesPerSecond(), settings.sessionTimeout().toSeconds(), settings.model().version(),
                Runtime.getRuntime().availableProcessors()));
        b.append(String.format(Locale.ROOT, "%nTimeline%n"));
        for (int i = 0; i < faults.size(); i++) {
            InjectedFault f = faults.get(i);
            b.append(String.format(Locale.ROOT, "  %7.1f s  %-38s stall %s  %s%n", (f.injectedMillis() - startMillis) / 1000.0,
                    f.fault().kind().label(), seconds(stalls.get(i)), f.detail()));
        }
        b.append(String.format(Locale.ROOT, "%n  %-38s %8s %9s %12s %9s %7s %10s %9s %16s%n", "fault class", "injected", "recovered",
                "stall p50/max", "frames", "lost", "duplicated", "misrouted", "dead letters/bad"));
        rows().forEach((kind, r) -> b.append(String.format(Locale.ROOT, "  %-38s %8d %9d %12s %9d %7d %10d %9d %16s%n", kind.label(),
                r.injected(), r.recovered(), seconds(r.stallP50Millis()) + "/" + seconds(r.stallMaxMillis()), r.frames(), r.lost(),
                r.duplicated(), r.misrouted(), r.deadLettered() + "/" + r.malformed())));
        Tally t = audit.total();
        b.append(String.format(Locale.ROOT, "  %-38s %8s %9s %12s %9d %7d %10d %9d %16s%n", "whole run", "", "", "", t.good(),
                t.lost(), t.duplicated(), t.misrouted(), t.deadLettered() + "/" + t.malformed()));
        b.append(String.format(Locale.ROOT, "%n  good frames answered exactly once: %d of %d; malformed dead-lettered once with their reason: %d of %d%n",
                t.answered(), t.good(), t.deadLettered(), t.malformed()));
        b.append(String.format(Locale.ROOT, "  results of no frame: %d; streams out of order: %s; producer duplicates on the input: %d;"
                        + " sends the broker refused: %d%n", audit.phantomResults(), audit.outOfOrderStreams(), audit.inputDuplicates(),
                failedSends));
        b.append(String.format(Locale.ROOT, "  instances that exited by themselves: %s%n", unplannedExits.isEmpty() ? "none" : unplannedExits));
        b.append(String.format(Locale.ROOT, "%n%s%n", passed() ? "PASSED: every frame exactly once, every fault recovered"
                : "FAILED: see the rows above; logs under " + settings.dir()));
        return b.toString();
    }

    private static long sum(List<Tally> tallies, ToLongFunction<Tally> field) {
        return tallies.stream().mapToLong(field).sum();
    }

    private static String seconds(long millis) {
        return millis < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /**
     * One fault class.
     *
     * @param injected faults of this class
     * @param recovered of which every stream was answered again
     * @param stallP50Millis median stall of the recovered, -1 if none
     * @param stallMaxMillis longest stall of the recovered, -1 if none
     * @param frames good frames captured in this class's windows
     * @param lost frames with no outcome
     * @param duplicated frames with more than one outcome
     * @param misrouted frames with one wrong outcome
     * @param malformed malformed frames sent in these windows
     * @param deadLettered of which dead-lettered once with the right reason
     */
    public record Row(int injected, int recovered, long stallP50Millis, long stallMaxMillis, long frames, long lost, long duplicated,
            long misrouted, long malformed, long deadLettered) {}
}
