package io.glimpse.streams.metrics;

import io.glimpse.streams.frames.DeadLetterReason;
import io.glimpse.streams.inference.BatchObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Glimpse's meters: frames in and out, dead letters by reason, batch size, queue wait, inference
 * time and end-to-end latency (histograms, so percentiles can be computed across instances), the
 * keep ratio in use. The model's own meters (version serving, swaps, rejections) are in
 * {@link io.glimpse.streams.models.ModelMetrics}.
 */
public final class GlimpseMetrics implements BatchObserver {

    private final Counter framesIn;
    private final Counter framesOut;
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final DistributionSummary batchSize;
    private final Timer queueWait;
    private final Timer inference;
    private final Timer endToEnd;
    private final AtomicReference<Double> keepRatio = new AtomicReference<>(Double.NaN);

    /**
     * Registers the meters.
     *
     * @param registry where to register
     */
    public GlimpseMetrics(MeterRegistry registry) {
        framesIn = Counter.builder("glimpse.frames.in").description("Frame records read").register(registry);
        framesOut = Counter.builder("glimpse.frames.out").description("Results emitted").register(registry);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, Counter.builder("glimpse.frames.dead.letter")
                    .description("Frames sent to the dead-letter topic")
                    .tag("reason", reason.name())
                    .register(registry));
        }
        batchSize = DistributionSummary.builder("glimpse.batch.size")
                .description("Frames per inference call")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                .register(registry);
        queueWait = latency("glimpse.queue.wait", "From arrival to the start of the frame's batch", registry);
        inference = latency("glimpse.inference", "Preprocessing and forward pass of one batch", registry);
        endToEnd = latency("glimpse.end.to.end", "From capture time to result", registry);
        registry.gauge("glimpse.keep.ratio", keepRatio, r -> r.get());
    }

    private static Timer latency(String name, String description, MeterRegistry registry) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    public void frameIn() {
        framesIn.increment();
    }

    /**
     * Counts an emitted result.
     *
     * @param endToEndMillis from capture to result
     */
    public void frameOut(long endToEndMillis) {
        framesOut.increment();
        endToEnd.record(Math.max(0, endToEndMillis), TimeUnit.MILLISECONDS);
    }

    public void deadLetter(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    /** {@inheritDoc} */
    @Override
    public void batchCompleted(int size, double rho, long inferenceMicros, long[] queuedMicros) {
        batchSize.record(size);
        keepRatio.set(rho);
        inference.record(inferenceMicros, TimeUnit.MICROSECONDS);
        for (long q : queuedMicros) {
            queueWait.record(q, TimeUnit.MICROSECONDS);
        }
    }
}
