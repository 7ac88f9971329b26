package io.glimpse.demo.chaos;

import io.glimpse.demo.FrameProducer;
import io.glimpse.demo.ResultReader;
import io.glimpse.model.DynamicVitConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Scale-out on one machine: for each instance count, a fresh cluster of processes; committed throughput
 * from a backlog; latency at a paced load (the same rate for every count: a fraction of one instance's
 * throughput); then one instance killed (SIGKILL) and restarted under that load, with the worst latency
 * of the frames captured just after each event: how long the rebalance held results back.
 */
public final class ScaleRun {

    private static final Duration PHASE = Duration.ofSeconds(30);
    private static final Duration AFTER_EVENT = Duration.ofSeconds(20);

    private final ChaosSettings base;
    private final List<Integer> counts;
    private final double load;
    private final Consumer<String> progress;

    /**
     * Prepares the run.
     *
     * @param base the cluster settings; its instance count is replaced by each of {@code counts}
     * @param counts instance counts to measure, e.g. 1, 2, 3
     * @param load the paced rate as a fraction of the first count's throughput
     * @param progress where progress lines go
     */
    public ScaleRun(ChaosSettings base, List<Integer> counts, double load, Consumer<String> progress) {
        this.base = base;
        this.counts = List.copyOf(counts);
        this.load = load;
        this.progress = progress;
    }

    /**
     * Runs every count in turn.
     *
     * @return one row per count
     * @throws Exception if a cluster cannot be started or falls behind
     */
    public List<ScaleRow> run() throws Exception {
        int imageSize = DynamicVitConfig.read(base.model().config()).getImageHeight();
        List<ScaleRow> rows = new ArrayList<>();
        double rate = 0;
        for (int n : counts) {
            ChaosSettings settings = base.withInstances(n, base.dir().resolve("scale-" + n));
            RecoveryTracker tracker = new RecoveryTracker();
            try (ChaosCluster cluster = ChaosCluster.start(settings, progress);
                    ResultReader reader = ResultReader.start(cluster.broker().bootstrapServers(), cluster.registry().url(),
                            cluster.topics().results(), cluster.topics().deadLetters(), tracker, "glimpse-scale-results")) {
                double throughput;
                try (FrameProducer backlog = cluster.cameras(imageSize, 1)) {
                    Backlog.throughput(backlog, tracker, 1_000, Duration.ofMinutes(5));
                    throughput = Backlog.throughput(backlog, tracker, 4_000, Duration.ofMinutes(10));
                }
                if (rate == 0) {
                    rate = load * throughput;
                }
                progress.accept(String.format(Locale.ROOT, "%d instance%s: %.0f frames/s committed; pacing %.0f frames/s", n,
                        n == 1 ? "" : "s", throughput, rate));
                try (FrameProducer cameras = cluster.cameras(imageSize, rate / settings.cameras())) {
                    cameras.start();
                    long start = System.currentTimeMillis();
                    Thread.sleep(PHASE.toMillis());
                    long[] steady = tracker.latencies(start + 5_000, System.currentTimeMillis() - 2_000);
                    long dies = -1;
                    long joins = -1;
                    if (n >= 2) {
                        AppInstance last = cluster.instances().get(n - 1);
                        long killed = System.currentTimeMillis();
                        last.kill();
                        Thread.sleep(PHASE.toMillis());
                        long restarted = System.currentTimeMillis();
                        last.start();
                        Thread.sleep(PHASE.toMillis() + 10_000);
                        dies = RecoveryTracker.percentile(tracker.latencies(killed, killed + AFTER_EVENT.toMillis()), 1);
                        joins = RecoveryTracker.percentile(tracker.latencies(restarted, restarted + AFTER_EVENT.toMillis()), 1);
                    }
                    cameras.stop();
                    ScaleRow row = new ScaleRow(n, throughput, rate, RecoveryTracker.percentile(steady, 0.5),
                            RecoveryTracker.percentile(steady, 0.99), dies, joins);
                    progress.accept(row.toString());
                    rows.add(row);
                }
            }
        }
        return rows;
    }


    /**
     * One instance count.
     *
     * @param instances instances
     * @param committedPerSecond committed frames per second from a backlog
     * @param pacedPerSecond the paced rate of the latency phases
     * @param p50Millis median capture-to-committed latency at that rate
     * @param p99Millis its 99th percentile
     * @param worstAfterDeathMillis worst latency of frames captured in the 20 s after one instance was killed; -1 with one instance
     * @param worstAfterJoinMillis the same after it was started again
     */
    public record ScaleRow(int instances, double committedPerSecond, double pacedPerSecond, long p50Millis, long p99Millis,
            long worstAfterDeathMillis, long worstAfterJoinMillis) {

        /** The table header matching {@link #toString()}. */
        public static String header() {
            return String.format(Locale.ROOT, "  %9s %14s %8s %8s %8s %18s %18s", "instances", "committed f/s", "paced", "p50 ms",
                    "p99 ms", "worst after kill", "worst after join");
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "  %9d %14.0f %8.0f %8d %8d %18s %18s", instances, committedPerSecond, pacedPerSecond,
                    p50Millis, p99Millis, worstAfterDeathMillis < 0 ? "-" : worstAfterDeathMillis + " ms",
                    worstAfterJoinMillis < 0 ? "-" : worstAfterJoinMillis + " ms");
        }
    }
}
