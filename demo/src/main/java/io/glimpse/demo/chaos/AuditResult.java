package io.glimpse.demo.chaos;

import io.glimpse.demo.chaos.ChaosAudit.FrameId;
import io.glimpse.demo.chaos.ChaosAudit.InputFrame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the audit found: per input frame, how many results and dead letters it got, and the streams whose
 * results came out of order. A clean run has every good frame answered once, every malformed frame
 * dead-lettered once with its reason, and nothing else.
 */
public final class AuditResult {

    private final List<Outcome> outcomes;
    private final long phantomResults;
    private final long inputDuplicates;
    private final List<String> outOfOrderStreams;

    private AuditResult(List<Outcome> outcomes, long phantomResults, long inputDuplicates, List<String> outOfOrderStreams) {
        this.outcomes = List.copyOf(outcomes);
        this.phantomResults = phantomResults;
        this.inputDuplicates = inputDuplicates;
        this.outOfOrderStreams = List.copyOf(outOfOrderStreams);
    }

    static AuditResult compare(List<InputFrame> inputs, Map<FrameId, Integer> resultCount, Map<String, List<Long>> resultOrder,
            Map<String, List<String>> deadLetters, String framesTopic) {
        List<Outcome> outcomes = new ArrayList<>();
        Set<FrameId> seen = new HashSet<>();
        long inputDuplicates = 0;
        for (InputFrame in : inputs) {
            List<String> letters = deadLetters.getOrDefault(in.source(), List.of());
            boolean good = in.id() != null;
            if (good && !seen.add(in.id())) {
                inputDuplicates++;
            }
            int results = good ? resultCount.getOrDefault(in.id(), 0) : 0;
            boolean rightReason = good ? letters.isEmpty() : letters.stream().allMatch(r -> Objects.equals(r, in.expectedReason()));
            outcomes.add(new Outcome(in.captureMillis(), good, results, letters.size(), rightReason));
        }
        Map<FrameId, Integer> unmatched = new HashMap<>(resultCount);
        seen.forEach(unmatched::remove);
        long phantoms = unmatched.values().stream().mapToLong(Integer::longValue).sum();
        List<String> outOfOrder = new ArrayList<>();
        resultOrder.forEach((stream, sequences) -> {
            for (int i = 1; i < sequences.size(); i++) {
                if (sequences.get(i) <= sequences.get(i - 1)) {
                    outOfOrder.add(stream);
                    return;
                }
            }
        });
        return new AuditResult(outcomes, phantoms, inputDuplicates, outOfOrder);
    }

    /** The tally of all frames. */
    public Tally total() {
        return tally(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * The tally of the frames captured in {@code [fromMillis, toMillis)}.
     *
     * @param fromMillis start, epoch milliseconds
     * @param toMillis end, exclusive
     * @return the counts
     */
    public Tally tally(long fromMillis, long toMillis) {
        long good = 0;
        long answered = 0;
        long malformed = 0;
        long deadLettered = 0;
        long lost = 0;
        long duplicated = 0;
        long misrouted = 0;
        for (Outcome o : outcomes) {
            if (o.captureMillis < fromMillis || o.captureMillis >= toMillis) {
                continue;
            }
            int total = o.results + o.deadLetters;
            if (o.good) {
                good++;
                answered += o.results == 1 && o.deadLetters == 0 ? 1 : 0;
            } else {
                malformed++;
                deadLettered += o.deadLetters == 1 && o.rightReason ? 1 : 0;
            }
            lost += total == 0 ? 1 : 0;
            duplicated += total > 1 ? 1 : 0;
            misrouted += total == 1 && !o.rightReason ? 1 : 0;
        }
        return new Tally(good, answered, malformed, deadLettered, lost, duplicated, misrouted);
    }

    /** Results whose (stream, sequence) is no frame on the input. */
    public long phantomResults() {
        return phantomResults;
    }

    /** Good frames that appear on the input more than once (a producer's duplicate, not the app's). */
    public long inputDuplicates() {
        return inputDuplicates;
    }

    /** Streams with a result out of frame order. */
    public List<String> outOfOrderStreams() {
        return outOfOrderStreams;
    }

    /** Whether every frame got exactly what it should and nothing else came out. */
    public boolean clean() {
        Tally t = total();
        return t.lost() == 0 && t.duplicated() == 0 && t.misrouted() == 0 && t.answered() == t.good()
                && t.deadLettered() == t.malformed() && phantomResults == 0 && outOfOrderStreams.isEmpty();
    }

    /**
     * Counts over a set of input frames.
     *
     * @param good well-formed frames on the input
     * @param answered good frames with exactly one result and no dead letter
     * @param malformed malformed frames on the input
     * @param deadLettered malformed frames with exactly one dead letter of the expected reason
     * @param lost frames with neither a result nor a dead letter
     * @param duplicated frames with more than one outcome
     * @param misrouted frames with one outcome of the wrong kind (a good frame dead-lettered, a wrong reason)
     */
    public record Tally(long good, long answered, long malformed, long deadLettered, long lost, long duplicated, long misrouted) {}

    private record Outcome(long captureMillis, boolean good, int results, int deadLetters, boolean rightReason) {}
}
