package io.glimpse.demo.bench;

import io.glimpse.demo.FrameKey;
import io.glimpse.demo.GroundTruth;
import io.glimpse.demo.ResultSink;
import io.glimpse.schemas.avro.FrameResult;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Everything one run of the ρ benchmark observes, kept by phase and by second: frames as they are
 * sent and acknowledged, results as they are read (each scored against the {@link GroundTruth}, a
 * second result for a frame counted as a duplicate), and the once-a-second samples of lag and of the
 * controller's gauges. Time is measured from the run's start, in the epoch milliseconds the frames'
 * capture times and the results' times use.
 *
 * <p>Thread-safe: the producer, its acknowledgement callbacks, the result reader and the sampler
 * all report here.
 */
final class RunRecorder implements ResultSink {

    private final LoadProfile profile;
    private final long sloMillis;
    private final GroundTruth truth;
    private final long startMillis;
    private final List<WindowStats> phases = new ArrayList<>();
    private final List<WindowStats> seconds = new ArrayList<>();
    private final List<Long> lags = new ArrayList<>();
    private final List<ControllerGauges> gauges = new ArrayList<>();
    private long sent;
    private long answered;
    private long duplicated;
    private long deadLetters;
    private long lastReadMillis;

    /**
     * Creates an empty recorder.
     *
     * @param profile the load, whose segments are the phases
     * @param sloMillis the latency objective
     * @param truth the labels of the frames sent
     * @param startMillis when the run started (epoch milliseconds): capture time of its first frame
     */
    RunRecorder(LoadProfile profile, long sloMillis, GroundTruth truth, long startMillis) {
        this.profile = profile;
        this.sloMillis = sloMillis;
        this.truth = truth;
        this.startMillis = startMillis;
        profile.segments().forEach(s -> phases.add(new WindowStats(sloMillis)));
    }

    long startMillis() {
        return startMillis;
    }

    /**
     * Records a frame about to be sent.
     *
     * @param key the frame
     * @param label its true class
     * @param captureMillis its capture time
     */
    synchronized void sent(FrameKey key, int label, long captureMillis) {
        truth.record(key, label);
        sent++;
        phase(captureMillis).sent();
        second(captureMillis).sent();
    }

    /**
     * Records that the broker took a frame.
     *
     * @param captureMillis its capture time
     */
    synchronized void acknowledged(long captureMillis) {
        phase(captureMillis).acknowledged();
    }

    /**
     * Records that the broker refused a frame: no result is due.
     *
     * @param key the frame
     * @param captureMillis its capture time
     */
    synchronized void failed(FrameKey key, long captureMillis) {
        truth.take(key);
        phase(captureMillis).failed();
    }

    /**
     * Scores a committed result.
     *
     * @param result the result
     * @param readMillis when it was read
     */
    @Override
    public synchronized void onResult(FrameResult result, long readMillis) {
        long capture = result.getCaptureTime().toEpochMilli();
        lastReadMillis = Math.max(lastReadMillis, readMillis);
        WindowStats phase = phase(capture);
        WindowStats second = second(capture);
        if (readMillis < endMillis()) {
            phase(readMillis).read();
        }
        second(readMillis).read();
        OptionalInt expected = truth.take(new FrameKey(result.getStreamId().toString(), result.getSequence()));
        if (expected.isEmpty()) {
            duplicated++;
            phase.duplicated();
            second.duplicated();
            return;
        }
        answered++;
        long latency = result.getResultTime().toEpochMilli() - capture;
        Boolean correct = result.getLabels().isEmpty() ? null : result.getLabels().get(0).getClassIndex() == expected.getAsInt();
        phase.answered(latency, result.getKeepRatio(), correct);
        second.answered(latency, result.getKeepRatio(), correct);
    }

    /** Counts a record on the dead-letter topic. */
    @Override
    public synchronized void onDeadLetter() {
        deadLetters++;
    }

    /**
     * Takes the sample at the end of a second: the lag (frames sent and not yet answered) and the
     * controller's gauges.
     *
     * @param second which second ended, from 0
     * @param readings the gauges
     */
    synchronized void sample(int second, ControllerGauges readings) {
        long lag = sent - answered;
        while (lags.size() <= second) {
            lags.add(0L);
            gauges.add(ControllerGauges.NONE);
        }
        lags.set(second, lag);
        gauges.set(second, readings);
        if (second < profile.totalSeconds()) {
            phases.get(profile.phaseAt(second + 0.5)).sample(lag, readings.saturated());
        }
    }

    /** Frames that got their first result. */
    synchronized long answered() {
        return answered;
    }

    /**
     * Returns how long after the end of the profile the last result was read.
     *
     * @return seconds, 0 when every result came during the profile
     */
    synchronized double drainSeconds() {
        return Math.max(0, lastReadMillis - endMillis()) / 1000.0;
    }

    synchronized long duplicated() {
        return duplicated;
    }

    synchronized long deadLetters() {
        return deadLetters;
    }

    /**
     * Summarises each phase.
     *
     * @return one report per segment of the profile
     */
    synchronized List<PhaseReport> phases() {
        List<PhaseReport> out = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            out.add(phases.get(i).report(profile.segments().get(i).toString(), profile.startOf(i), profile.endOf(i)));
        }
        return out;
    }

    /**
     * Returns the time series, one entry per second observed (the profile and the drain after it).
     *
     * @return the seconds in order
     */
    synchronized List<SecondSample> timeline() {
        List<SecondSample> out = new ArrayList<>();
        int n = Math.max(seconds.size(), lags.size());
        for (int s = 0; s < n; s++) {
            WindowStats w = s < seconds.size() ? seconds.get(s) : new WindowStats(sloMillis);
            double rho = w.meanKeepRatio();
            long p99 = w.percentile(0.99);
            out.add(new SecondSample(s, w.sentCount(), w.readCount(), Double.isNaN(rho) ? null : rho, p99 < 0 ? null : p99,
                    s < lags.size() ? lags.get(s) : 0, s < gauges.size() ? gauges.get(s) : ControllerGauges.NONE));
        }
        return out;
    }

    private long endMillis() {
        return startMillis + Math.round(profile.totalSeconds() * 1000);
    }

    /** The phase of a moment; frames and reads after the profile's end count in its last phase. */
    private WindowStats phase(long millis) {
        int i = profile.phaseAt((millis - startMillis) / 1000.0);
        return phases.get(Math.max(0, i));
    }

    private WindowStats second(long millis) {
        int s = (int) Math.max(0, (millis - startMillis) / 1000);
        while (seconds.size() <= s) {
            seconds.add(new WindowStats(sloMillis));
        }
        return seconds.get(s);
    }
}
