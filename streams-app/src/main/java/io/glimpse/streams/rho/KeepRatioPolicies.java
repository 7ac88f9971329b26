package io.glimpse.streams.rho;

import io.glimpse.model.CostProfile;
import io.glimpse.streams.inference.FrameClassifier;

import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Builds the configured keep-ratio controller in one call: a fixed ρ, or the adaptive controller
 * with its accuracy curve (model card), ρ range (configured, never below the trained range) and cost
 * profile (file, or measured on the served classifier at start-up). Every choice is logged once.
 */
public final class KeepRatioPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(KeepRatioPolicies.class);
    /** The card {@code glimpse model} tools write beside a model's {@code config.json}. */
    static final String CARD_FILE = "card.json";

    private KeepRatioPolicies() {}

    /**
     * Builds the controller, lag unknown.
     *
     * @param values Glimpse's settings, e.g. {@code GlimpseConfig.values()}
     * @param classifier the served model, timed at start-up when no profile file is configured
     * @param nanoClock nanoseconds ({@code System::nanoTime})
     * @return the controller
     * @throws ConfigException if a setting, the card or the profile is invalid
     */
    public static KeepRatioController create(Map<String, ?> values, FrameClassifier classifier, LongSupplier nanoClock) {
        return create(values, classifier, nanoClock, () -> -1);
    }

    /**
     * Builds the controller.
     *
     * @param values Glimpse's settings, e.g. {@code GlimpseConfig.values()}
     * @param classifier the served model, timed at start-up when no profile file is configured
     * @param nanoClock nanoseconds ({@code System::nanoTime})
     * @param consumerLag the input topic's lag in frames, negative when unknown (e.g. a {@link ConsumerLag})
     * @return the controller
     * @throws ConfigException if a setting, the card or the profile is invalid
     */
    public static KeepRatioController create(
            Map<String, ?> values, FrameClassifier classifier, LongSupplier nanoClock, LongSupplier consumerLag) {
        KeepRatioSettings settings = KeepRatioSettings.from(values);
        if (settings.policy() == KeepRatioSettings.Policy.FIXED) {
            LOG.info("Keep ratio: fixed ρ {} (p{} SLO {} ms measured, not enforced)", settings.fixedKeepRatio(),
                    KeepRatioStatus.percentileLabel(settings.sloPercentile()), settings.slo().toMillis());
            return new FixedKeepRatioController(settings.fixedKeepRatio(), settings.slo(), settings.sloPercentile(), nanoClock);
        }
        AccuracyCurve accuracy = accuracy(settings);
        double floor = settings.min();
        if (floor < accuracy.trainedMin()) {
            LOG.warn("{}={} is below the ρ range the model was trained for ({}–{}, {}): the floor is {}",
                    KeepRatioSettings.MIN_CONFIG, floor, accuracy.trainedMin(), accuracy.trainedMax(), accuracy.source(),
                    accuracy.trainedMin());
            floor = accuracy.trainedMin();
        }
        double ceiling = settings.max();
        if (floor > ceiling) {
            throw new ConfigException(KeepRatioSettings.MAX_CONFIG + " (" + ceiling + ") is below the floor " + floor
                    + " of the range the model was trained for (" + accuracy.source() + ")");
        }
        CostProfile profile = profile(settings, classifier, floor, ceiling, nanoClock);
        AdaptiveKeepRatioPolicy policy = AdaptiveKeepRatioPolicy.builder()
                .setCostProfile(profile)
                .optRange(floor, ceiling)
                .optAccuracy(accuracy)
                .optSlo(settings.slo(), settings.sloPercentile())
                .optClock(nanoClock)
                .optConsumerLag(consumerLag)
                .build();
        LOG.info("Keep ratio: {}; accuracy from {}", policy, accuracy.source());
        return policy;
    }

    private static AccuracyCurve accuracy(KeepRatioSettings settings) {
        if (settings.card().isPresent()) {
            Path card = settings.card().get();
            try {
                return AccuracyCurve.fromCard(card);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(KeepRatioSettings.CARD_CONFIG + ": cannot read the model card " + card + ": "
                        + e.getMessage());
            }
        }
        Optional<Path> beside = settings.modelConfig().map(c -> c.toAbsolutePath().resolveSibling(CARD_FILE));
        if (beside.isPresent() && Files.isRegularFile(beside.get())) {
            try {
                return AccuracyCurve.fromCard(beside.get());
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Ignoring the model card {} ({}); accuracy is taken to rise with ρ", beside.get(), e.getMessage());
            }
        }
        return AccuracyCurve.monotone();
    }

    private static CostProfile profile(
            KeepRatioSettings settings, FrameClassifier classifier, double floor, double ceiling, LongSupplier nanoClock) {
        if (settings.profile().isPresent()) {
            Path file = settings.profile().get();
            try {
                CostProfile profile = CostProfile.read(file);
                LOG.info("Read the cost profile {}: {}", file, profile);
                return profile;
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(KeepRatioSettings.PROFILE_CONFIG + ": cannot read the cost profile " + file + ": "
                        + e.getMessage());
            }
        }
        return StartupProfiler.measure(classifier, settings.maxBatchSize(), floor, ceiling, settings.profileBudget(), nanoClock);
    }
}
