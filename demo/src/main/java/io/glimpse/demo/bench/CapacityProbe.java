package io.glimpse.demo.bench;

import io.glimpse.demo.DemoStats;
import io.glimpse.demo.DemoTopics;
import io.glimpse.demo.FrameProducer;
import io.glimpse.demo.GroundTruth;
import io.glimpse.demo.LocalGlimpse;
import io.glimpse.demo.ResultReader;
import io.glimpse.streams.GlimpseConfig;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures the pipeline's capacity at a fixed ρ, as {@code PipelineBench} does its throughput: a
 * backlog is produced once, and a fresh instance (new application id, new output topics) works
 * through it from the beginning. The rate is the results committed and read per second after a
 * first fifth of the window, which the JIT and the first batches at a new ρ would otherwise slow.
 * A warm-up round first gives the JIT its due; before each measurement the backlog is topped up
 * to what the ρ could get through in the window, so that it does not run dry early.
 */
final class CapacityProbe {

    private static final int WARM_UP_FRAMES = 1000;
    /** The warm-up runs before the JIT is done: the dense rate is taken to be up to this much higher. */
    private static final double WARM_UP_SPEEDUP = 2;
    /** Backlog over (expected rate × window). */
    private static final double BACKLOG_HEADROOM = 1.3;
    private static final int MAX_BACKLOG = 60_000;
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(120);

    private final BenchSetup setup;
    private final Consumer<String> progress;
    private DemoTopics backlog;
    private long frames;
    private int instances;
    private double denseEstimate;

    CapacityProbe(BenchSetup setup, Consumer<String> progress) {
        this.setup = setup;
        this.progress = progress;
    }

    /**
     * Produces a first backlog and warms the pipeline up on it at ρ = 1.0, which also gives a first
     * estimate of the dense rate.
     *
     * @throws Exception if a part fails
     */
    void prepare() throws Exception {
        double keepRatio = 1.0;
        backlog = setup.topics("backlog");
        produce(WARM_UP_FRAMES);
        DemoTopics out = setup.topics("warm-up");
        try (ResultCount count = new ResultCount(new DemoTopics(backlog.frames(), out.results(), out.deadLetters()));
                LocalGlimpse glimpse = instance(count.topics, keepRatio)) {
            long start = System.nanoTime();
            if (!count.reader.awaitResults(frames, WARM_UP_TIMEOUT)) {
                throw new IllegalStateException("Warm-up: only " + count.stats.results() + " of " + frames + " results arrived");
            }
            double rate = frames / ((System.nanoTime() - start) / 1e9);
            denseEstimate = rate * WARM_UP_SPEEDUP;
            progress.accept(String.format(Locale.ROOT, "warm-up at rho %.2f: %.1f frames/s (not counted)", keepRatio, rate));
        }
    }

    /** Tops the backlog up to what a ρ could get through in the window (cost taken to scale with ρ). */
    private void ensureBacklog(double keepRatio, Duration window) {
        long wanted = Math.min(MAX_BACKLOG,
                (long) Math.ceil(denseEstimate / keepRatio * BACKLOG_HEADROOM * window.toMillis() / 1000.0));
        if (wanted > frames) {
            progress.accept(String.format(Locale.ROOT, "backlog: producing %d more frames (%d in all) ...", wanted - frames,
                    wanted));
            produce(wanted - frames);
        }
    }

    /**
     * Measures the capacity at one ρ.
     *
     * @param keepRatio ρ
     * @param window how long to measure
     * @return the rate
     * @throws Exception if a part fails
     */
    CapacityResult measure(double keepRatio, Duration window) throws Exception {
        if (backlog == null) {
            throw new IllegalStateException("prepare() first");
        }
        ensureBacklog(keepRatio, window);
        DemoTopics out = setup.topics("capacity");
        try (ResultCount count = new ResultCount(new DemoTopics(backlog.frames(), out.results(), out.deadLetters()));
                LocalGlimpse glimpse = instance(count.topics, keepRatio)) {
            long start = System.nanoTime();
            long skipAt = start + window.toNanos() / 5;
            long end = start + window.toNanos();
            long skipNanos = -1;
            long skipCount = 0;
            while (true) {
                Thread.sleep(100);
                long now = System.nanoTime();
                long results = count.stats.results();
                if (skipNanos < 0 && now >= skipAt) {
                    skipNanos = now;
                    skipCount = results;
                }
                if (results >= frames || now >= end) {
                    // Finished before the skip, or nothing came after it: time the whole of it instead.
                    boolean skipped = skipNanos >= 0 && skipNanos < now && results > skipCount;
                    long from = skipped ? skipNanos : start;
                    long counted = skipped ? results - skipCount : results;
                    double seconds = (now - from) / 1e9;
                    CapacityResult r = new CapacityResult(keepRatio, counted / seconds, counted, seconds);
                    if (keepRatio == 1.0) {
                        denseEstimate = r.framesPerSecond();
                    }
                    progress.accept(String.format(Locale.ROOT, "capacity at rho %.2f: %.1f frames/s (%d results in %.1f s%s)",
                            keepRatio, r.framesPerSecond(), counted, seconds,
                            results >= frames ? ", backlog finished" : ""));
                    return r;
                }
            }
        }
    }

    private void produce(long count) {
        try (FrameProducer producer = FrameProducer.builder()
                .setBootstrapServers(setup.bootstrapServers())
                .setRegistryUrl(setup.registryUrl())
                .setTopic(backlog.frames())
                .setCameras(setup.newCameras())
                .optGroundTruth(new GroundTruth())
                .build()) {
            producer.produce(count);
            if (producer.acknowledged() != count) {
                throw new IllegalStateException("Only " + producer.acknowledged() + " of " + count + " frames were taken");
            }
        }
        frames += count;
    }

    private LocalGlimpse instance(DemoTopics topics, double keepRatio) throws Exception {
        return setup.start(topics, "glimpse-rho-bench-" + setup.runId() + "-capacity-" + ++instances,
                Map.of(GlimpseConfig.KEEP_RATIO_CONFIG, keepRatio));
    }

    /** Counts the committed results of one round. */
    private final class ResultCount implements AutoCloseable {
        final DemoTopics topics;
        final DemoStats stats = new DemoStats(new GroundTruth(), System.currentTimeMillis());
        final ResultReader reader;

        ResultCount(DemoTopics topics) {
            this.topics = topics;
            reader = ResultReader.start(setup.bootstrapServers(), setup.registryUrl(), topics.results(), topics.deadLetters(),
                    stats);
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
