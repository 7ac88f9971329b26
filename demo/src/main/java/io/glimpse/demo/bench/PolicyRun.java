package io.glimpse.demo.bench;

import io.glimpse.demo.DemoTopics;
import io.glimpse.demo.GroundTruth;
import io.glimpse.demo.LocalGlimpse;
import io.glimpse.demo.ResultReader;
import io.glimpse.demo.SimulatedCameras;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs one {@link RunPlan} through the load profile: fresh topics and instance, the profiled camera
 * feed, results read {@code read_committed}, a sample of lag and of the controller's gauges at the
 * end of every second; after the profile, it waits until every acknowledged frame is answered (or the
 * drain timeout) and a little longer, so a late duplicate would still be counted.
 */
final class PolicyRun {

    private static final Duration DUPLICATE_GRACE = Duration.ofSeconds(2);

    private final BenchSetup setup;
    private final LoadProfile profile;
    private final double capacity;
    private final long sloMillis;
    private final Duration drainTimeout;
    private final Consumer<String> progress;
    private int runs;

    /**
     * Creates the runner.
     *
     * @param setup the servers, model and cameras
     * @param profile the load
     * @param capacity frames per second of {@code 1x}
     * @param sloMillis the latency objective effective accuracy is judged by
     * @param drainTimeout how long to wait for the last results after the profile
     * @param progress where progress lines go
     */
    PolicyRun(BenchSetup setup, LoadProfile profile, double capacity, long sloMillis, Duration drainTimeout,
            Consumer<String> progress) {
        this.setup = setup;
        this.profile = profile;
        this.capacity = capacity;
        this.sloMillis = sloMillis;
        this.drainTimeout = drainTimeout;
        this.progress = progress;
    }

    /**
     * Runs the plan.
     *
     * @param plan the policy
     * @param note a remark for the report, or {@code null}
     * @return what happened
     * @throws Exception if a part fails
     */
    RunReport run(RunPlan plan, String note) throws Exception {
        DemoTopics topics = setup.topics(plan.name());
        SimulatedCameras cameras = setup.newCameras();
        progress.accept(plan.name() + ": starting an instance with " + plan.properties() + " ...");
        try (LocalGlimpse glimpse = setup.start(topics, "glimpse-rho-bench-" + setup.runId() + "-" + plan.name() + "-" + ++runs,
                plan.properties())) {
            long startNanos = System.nanoTime();
            RunRecorder recorder = new RunRecorder(profile, sloMillis, new GroundTruth(), System.currentTimeMillis());
            try (ResultReader reader = ResultReader.start(setup.bootstrapServers(), setup.registryUrl(), topics.results(),
                    topics.deadLetters(), recorder, "glimpse-rho-bench-results");
                    ProfiledProducer producer = new ProfiledProducer(setup.bootstrapServers(), setup.registryUrl(),
                            topics.frames(), cameras, profile, capacity, recorder)) {
                producer.start(startNanos);
                int seconds = (int) Math.ceil(profile.totalSeconds());
                for (int s = 0; s < seconds; s++) {
                    sampleAtEndOf(s, startNanos, recorder, glimpse);
                    if ((s + 1) % 10 == 0) {
                        progress.accept(status(plan, s + 1, recorder, producer));
                    }
                }
                producer.awaitEnd(Duration.ofSeconds(30));
                long acknowledged = producer.acknowledged();
                long drainStart = System.nanoTime();
                int s = seconds;
                while (recorder.answered() < acknowledged && reader.isReading()
                        && System.nanoTime() - drainStart < drainTimeout.toNanos()) {
                    sampleAtEndOf(s++, startNanos, recorder, glimpse);
                }
                Thread.sleep(DUPLICATE_GRACE.toMillis());
                return report(plan, note, recorder, producer, acknowledged, reader);
            }
        }
    }

    private static void sampleAtEndOf(int second, long startNanos, RunRecorder recorder, LocalGlimpse glimpse) {
        long due = startNanos + (second + 1) * 1_000_000_000L;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
        recorder.sample(second, ControllerGauges.read(glimpse.app().registry()));
    }

    private String status(RunPlan plan, int second, RunRecorder recorder, ProfiledProducer producer) {
        SecondSample last = recorder.timeline().get(second - 1);
        return String.format(Locale.ROOT, "%s: %3d s of %.0f, offered %.0f/s, sent %d, answered %d, lag %d%s",
                plan.name(), second, profile.totalSeconds(), capacity * profile.multipleAt(second - 0.5), producer.sent(),
                recorder.answered(), last.lag(),
                last.gauges().chosenKeepRatio() == null ? "" : String.format(Locale.ROOT, ", rho %.2f%s",
                        last.gauges().chosenKeepRatio(),
                        Double.valueOf(1).equals(last.gauges().saturated()) ? " (saturated)" : ""));
    }

    private RunReport report(RunPlan plan, String note, RunRecorder recorder, ProfiledProducer producer, long acknowledged,
            ResultReader reader) {
        List<PhaseReport> phases = recorder.phases();
        long lost = Math.max(0, acknowledged - recorder.answered());
        Long saturated = null;
        for (PhaseReport p : phases) {
            if (p.saturatedSeconds() != null) {
                saturated = (saturated == null ? 0 : saturated) + p.saturatedSeconds();
            }
        }
        StringBuilder remarks = new StringBuilder(note == null ? "" : note);
        if (producer.maxBehindMillis() > 1000) {
            append(remarks, "the camera feed fell up to " + producer.maxBehindMillis() + " ms behind its schedule"
                    + " (capture times are the schedule's, so latency includes it)");
        }
        if (producer.firstError() != null) {
            append(remarks, "sending failed: " + producer.firstError());
        }
        if (reader.failure() != null) {
            append(remarks, "reading results failed: " + reader.failure());
        }
        return new RunReport(plan.name(), plan.policy(), plan.properties(), null, remarks.length() == 0 ? null : remarks.toString(),
                phases, producer.sent(), acknowledged, lost, recorder.duplicated(), recorder.deadLetters(),
                recorder.answered() >= acknowledged, recorder.drainSeconds(), producer.maxBehindMillis(), saturated,
                recorder.timeline());
    }

    private static void append(StringBuilder b, String remark) {
        b.append(b.length() == 0 ? "" : "; ").append(remark);
    }
}
