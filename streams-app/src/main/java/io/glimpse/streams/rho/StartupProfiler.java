package io.glimpse.streams.rho;

import io.glimpse.model.CostProfile;
import io.glimpse.model.CostProfiler;
import io.glimpse.streams.frames.DecodedFrame;
import io.glimpse.streams.inference.FrameClassifier;
import io.glimpse.streams.inference.ModelInput;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Measures a {@link CostProfile} of the served classifier when no profile file is configured: the
 * batch sizes 1, a quarter, half and all of the largest batch, at the floor, middle and ceiling of
 * the ρ range, on synthetic frames of the model's input size. Short and bounded (one warm-up and one
 * timed pass, further rounds within the budget) and logged; the live correction of the controller
 * takes it from there.
 */
public final class StartupProfiler {

    private static final Logger LOG = LoggerFactory.getLogger(StartupProfiler.class);

    private StartupProfiler() {}

    /**
     * Measures the profile.
     *
     * @param classifier the served model
     * @param maxBatchSize the largest batch the batcher cuts
     * @param floor the lowest ρ the controller may choose
     * @param ceiling the highest ρ
     * @param budget how long timed rounds may go on after the first
     * @param nanoClock the clock that times the batches
     * @return the profile
     */
    public static CostProfile measure(
            FrameClassifier classifier, int maxBatchSize, double floor, double ceiling, Duration budget, LongSupplier nanoClock) {
        TreeSet<Integer> batches = new TreeSet<>(List.of(1, Math.max(1, maxBatchSize / 4), Math.max(1, maxBatchSize / 2),
                maxBatchSize));
        TreeSet<Double> rhos = new TreeSet<>(List.of(floor, (floor + ceiling) / 2, ceiling));
        List<DecodedFrame> frames = syntheticFrames(classifier.input(), maxBatchSize);
        long start = nanoClock.getAsLong();
        CostProfile profile = CostProfiler.builder()
                .optBatchSizes(batches.stream().mapToInt(Integer::intValue).toArray())
                .optKeepRatios(rhos.stream().mapToDouble(Double::doubleValue).toArray())
                .optBudget(budget)
                .optClock(nanoClock)
                .build()
                .measure((size, rho) -> classifier.classify(frames.subList(0, size), rho), "measured at start-up");
        LOG.info("Measured a cost profile in {} ms: {}", (nanoClock.getAsLong() - start) / 1_000_000, profile);
        return profile;
    }

    private static List<DecodedFrame> syntheticFrames(ModelInput input, int count) {
        Random random = new Random(0);
        List<DecodedFrame> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] rgb = new byte[input.width() * input.height() * 3];
            random.nextBytes(rgb);
            frames.add(new DecodedFrame("glimpse-profile", i, 0, input.width(), input.height(), rgb));
        }
        return frames;
    }
}
