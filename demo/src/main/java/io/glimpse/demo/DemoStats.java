package io.glimpse.demo;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.Label;
import io.glimpse.schemas.avro.StageKeep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Scores results as they arrive: per camera the latest answer and its accuracy, overall counts,
 * the recent rate and latency percentiles. Results are judged against the {@link GroundTruth} the
 * producer filled, by class index (names may differ between models).
 *
 * <p>Thread-safe: the result reader writes, the view reads {@linkplain #snapshot snapshots}.
 */
public final class DemoStats implements ResultSink {

    private static final int RATE_WINDOW_SECONDS = 5;
    /** Orders cam-2 before cam-10. */
    private static final Comparator<String> CAMERA_ORDER =
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    private final GroundTruth truth;
    private final long startMillis;
    private final Map<String, Row> rows = new TreeMap<>(CAMERA_ORDER);
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LatencyHistogram visibleLatency = new LatencyHistogram();
    private final long[] perSecond = new long[RATE_WINDOW_SECONDS + 2];
    private final long[] bucketSecond = new long[RATE_WINDOW_SECONDS + 2];
    private long results;
    private long judged;
    private long correct;
    private long unmatched;
    private long deadLetters;
    private String modelVersion = "";

    /**
     * Creates empty statistics.
     *
     * @param truth the labels of the frames sent
     * @param startMillis when the run started (epoch milliseconds)
     */
    public DemoStats(GroundTruth truth, long startMillis) {
        this.truth = truth;
        this.startMillis = startMillis;
    }

    /**
     * Scores a result.
     *
     * @param result the result
     * @param readAtMillis when it became readable (epoch milliseconds)
     */
    @Override
    public synchronized void onResult(FrameResult result, long readAtMillis) {
        OptionalInt expected = truth.take(new FrameKey(result.getStreamId().toString(), result.getSequence()));
        results++;
        long capture = result.getCaptureTime().toEpochMilli();
        long latencyMillis = result.getResultTime().toEpochMilli() - capture;
        latency.record(latencyMillis);
        visibleLatency.record(readAtMillis - capture);
        countForRate(readAtMillis);
        modelVersion = result.getModelVersion().toString();
        Label top = result.getLabels().isEmpty() ? null : result.getLabels().get(0);
        Boolean match = null;
        if (expected.isEmpty()) {
            unmatched++;
        } else if (top != null) {
            match = top.getClassIndex() == expected.getAsInt();
            judged++;
            if (match) {
                correct++;
            }
        }
        rows.computeIfAbsent(result.getStreamId().toString(), Row::new).update(result, top, latencyMillis, match);
    }

    /** Counts a record on the dead-letter topic. */
    @Override
    public synchronized void onDeadLetter() {
        deadLetters++;
    }

    /**
     * Returns the results received so far.
     *
     * @return the count
     */
    public synchronized long results() {
        return results;
    }

    /**
     * Returns the current state.
     *
     * @param nowMillis the current time (epoch milliseconds)
     * @return an immutable snapshot
     */
    public synchronized StatsSnapshot snapshot(long nowMillis) {
        List<CameraStatus> cameras = new ArrayList<>(rows.size());
        rows.values().forEach(r -> cameras.add(r.status()));
        return new StatsSnapshot(
                nowMillis - startMillis,
                cameras,
                results,
                judged,
                correct,
                unmatched,
                deadLetters,
                rate(nowMillis),
                latency.percentile(0.50),
                latency.percentile(0.99),
                visibleLatency.percentile(0.50),
                visibleLatency.percentile(0.99),
                modelVersion);
    }

    private void countForRate(long nowMillis) {
        long second = nowMillis / 1000;
        int i = (int) (second % perSecond.length);
        if (bucketSecond[i] != second) {
            bucketSecond[i] = second;
            perSecond[i] = 0;
        }
        perSecond[i]++;
    }

    /** Results per second over the last complete seconds (fewer at the start of the run). */
    private double rate(long nowMillis) {
        long current = nowMillis / 1000;
        long complete = Math.min(RATE_WINDOW_SECONDS, current - startMillis / 1000);
        if (complete <= 0) {
            return 0;
        }
        long sum = 0;
        for (long s = current - complete; s < current; s++) {
            int i = (int) (s % perSecond.length);
            if (bucketSecond[i] == s) {
                sum += perSecond[i];
            }
        }
        return (double) sum / complete;
    }

    /**
     * Returns when the run started.
     *
     * @return epoch milliseconds
     */
    public long startMillis() {
        return startMillis;
    }

    /** One camera's running state. */
    private static final class Row {
        final String streamId;
        long results;
        String label = "";
        float confidence;
        float keepRatio;
        double keptPercent;
        long latencyMillis;
        Boolean match;
        long correct;
        long judged;
        String modelVersion = "";

        Row(String streamId) {
            this.streamId = streamId;
        }

        void update(FrameResult r, Label top, long latency, Boolean matched) {
            results++;
            label = top == null ? "" : top.getName().toString();
            confidence = top == null ? 0 : top.getProbability();
            keepRatio = r.getKeepRatio();
            modelVersion = r.getModelVersion().toString();
            int patches = r.getPatchGrid().getRows() * r.getPatchGrid().getCols();
            List<StageKeep> stages = r.getKeptTokens();
            int kept = stages.isEmpty() ? patches : stages.get(stages.size() - 1).getPatchIds().size();
            keptPercent = patches == 0 ? 0 : 100.0 * kept / patches;
            latencyMillis = latency;
            match = matched;
            if (matched != null) {
                judged++;
                if (matched) {
                    correct++;
                }
            }
        }

        CameraStatus status() {
            return new CameraStatus(streamId, results, label, confidence, keepRatio, keptPercent, latencyMillis, match,
                    correct, judged, modelVersion);
        }
    }
}
