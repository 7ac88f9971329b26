package io.glimpse.demo.chaos;

import io.glimpse.demo.FrameProducer;
import io.glimpse.demo.ResultReader;
import io.glimpse.demo.SimulatedCameras;
import io.glimpse.model.DynamicVitConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * One chaos run: the cluster of processes, cameras sending at a steady rate, a committed-results reader
 * timing recoveries, the schedule of faults, a drain, and the audit of every frame.
 */
public final class ChaosRun {

    private final ChaosSettings settings;
    private final FaultSchedule schedule;
    private final Consumer<String> progress;

    /**
     * Prepares a run.
     *
     * @param settings the cluster and load
     * @param schedule the faults
     * @param progress where progress lines go
     */
    public ChaosRun(ChaosSettings settings, FaultSchedule schedule, Consumer<String> progress) {
        this.settings = settings;
        this.schedule = schedule;
        this.progress = progress;
    }

    /**
     * Runs it.
     *
     * @return the report
     * @throws Exception if the cluster cannot be started or read
     */
    public ChaosReport run() throws Exception {
        int imageSize = DynamicVitConfig.read(settings.model().config()).getImageHeight();
        List<String> streams = IntStream.range(0, settings.cameras()).mapToObj(SimulatedCameras::streamId).toList();
        RecoveryTracker tracker = new RecoveryTracker();
        try (ChaosCluster cluster = ChaosCluster.start(settings, progress)) {
            String bootstrap = cluster.broker().bootstrapServers();
            String registry = cluster.registry().url();
            List<InjectedFault> faults;
            List<String> unplannedExits;
            long start;
            long sent;
            long failedSends;
            try (ResultReader reader = ResultReader.start(bootstrap, registry, cluster.topics().results(),
                            cluster.topics().deadLetters(), tracker, "glimpse-chaos-results");
                    MalformedFrames malformed = new MalformedFrames(bootstrap, registry, cluster.topics().frames(), imageSize,
                            settings.frameMaxBytes());
                    FrameProducer cameras = cluster.cameras(imageSize, settings.framesPerSecond())) {
                malformed.warmUp();
                try (FaultInjector injector = new FaultInjector(cluster, malformed, streams, settings.malformedPerSecond(), progress)) {
                    start = System.currentTimeMillis();
                    cameras.start();
                    progress.accept(String.format("cameras: %d x %.1f frames/s; %d faults over %d s (seed %d)", settings.cameras(),
                            settings.framesPerSecond(), schedule.faults().size(), schedule.length().toSeconds(), schedule.seed()));
                    faults = injector.run(schedule, start);
                    cameras.stop();
                    malformed.flush();
                    sent = cameras.acknowledged() + malformed.sent() - malformed.failed();
                    failedSends = cameras.failed() + malformed.failed();
                    progress.accept("cameras stopped; " + sent + " frames on the topic; waiting for every outcome ...");
                    drain(tracker, sent, Duration.ofMinutes(3));
                    unplannedExits = injector.unplannedExits();
                }
            }
            progress.accept("auditing every frame ...");
            AuditResult audit = new ChaosAudit(bootstrap, registry, cluster.topics().frames(), cluster.topics().results(),
                    cluster.topics().deadLetters()).run();
            List<Long> stalls = new ArrayList<>();
            for (InjectedFault f : faults) {
                stalls.add(tracker.recoveredAfter(f.injectedMillis(), streams).orElse(-1L));
            }
            return new ChaosReport(settings, schedule, faults, stalls, audit, unplannedExits, failedSends, start);
        }
    }

    private void drain(RecoveryTracker tracker, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tracker.outcomes() < expected && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
    }
}
