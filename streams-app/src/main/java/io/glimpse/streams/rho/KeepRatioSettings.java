package io.glimpse.streams.rho;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of the keep-ratio policy: their definitions (added to Glimpse's own by {@link
 * #define}) and, parsed, one immutable value that {@link KeepRatioPolicies} builds the policy from.
 */
public final class KeepRatioSettings {

    public static final String POLICY_CONFIG = "glimpse.keep.ratio.policy";
    private static final String POLICY_DOC =
            "How each batch's rho is chosen: 'fixed' runs every batch at glimpse.keep.ratio; 'adaptive' lowers rho within"
                    + " [glimpse.keep.ratio.min, glimpse.keep.ratio.max] to hold glimpse.latency.slo.ms under load, never by"
                    + " dropping frames, and raises it again when load falls.";

    public static final String MIN_CONFIG = "glimpse.keep.ratio.min";
    private static final String MIN_DOC =
            "Lowest rho the adaptive policy may choose; raised to the lowest rho of the model card's shipped student, since"
                    + " below the range it was trained for accuracy falls off (the shipped student: 0.5).";

    public static final String MAX_CONFIG = "glimpse.keep.ratio.max";
    private static final String MAX_DOC =
            "Highest rho the adaptive policy may choose; it stays below it when the model card shows that a higher rho"
                    + " buys no accuracy.";

    public static final String SLO_MS_CONFIG = "glimpse.latency.slo.ms";
    private static final String SLO_MS_DOC =
            "Latency objective of the adaptive policy: from a frame's arrival in the instance to its result, at"
                    + " glimpse.latency.slo.percentile.";

    public static final String SLO_PERCENTILE_CONFIG = "glimpse.latency.slo.percentile";
    private static final String SLO_PERCENTILE_DOC =
            "Percentile the latency objective is for (99: p99); the controller's noise margin on service times grows with it.";

    public static final String PROFILE_CONFIG = "glimpse.keep.ratio.profile";
    private static final String PROFILE_DOC =
            "Cost profile (JSON, 'glimpse model bench --write-profile') of batch service time by batch size and rho;"
                    + " empty: measured at start-up within glimpse.keep.ratio.profile.budget.ms. Either way it is corrected"
                    + " by the batches that run.";

    public static final String PROFILE_BUDGET_MS_CONFIG = "glimpse.keep.ratio.profile.budget.ms";
    private static final String PROFILE_BUDGET_MS_DOC =
            "Time the start-up measurement of the cost profile may take beyond one warm-up and one timed pass over its"
                    + " grid (batch sizes 1 to glimpse.batch.max.size, three rho values).";

    public static final String CARD_CONFIG = "glimpse.model.card";
    private static final String CARD_DOC =
            "Model card (JSON) whose shipped_student gives accuracy by rho and the trained rho range; empty: card.json"
                    + " beside glimpse.model.config if there is one, else accuracy is taken to rise with rho.";

    /** Keys Glimpse defines elsewhere that the policy reads; their defaults here match Glimpse's. */
    static final String FIXED_KEEP_RATIO_CONFIG = "glimpse.keep.ratio";
    static final String BATCH_MAX_SIZE_CONFIG = "glimpse.batch.max.size";
    static final String MODEL_CONFIG_CONFIG = "glimpse.model.config";

    /** How ρ is chosen. */
    public enum Policy {
        FIXED,
        ADAPTIVE
    }

    private final Policy policy;
    private final double fixedKeepRatio;
    private final double min;
    private final double max;
    private final Duration slo;
    private final double sloPercentile;
    private final Optional<Path> profile;
    private final Duration profileBudget;
    private final Optional<Path> card;
    private final Optional<Path> modelConfig;
    private final int maxBatchSize;

    private KeepRatioSettings(Map<String, Object> v) {
        policy = Policy.valueOf(((String) v.get(POLICY_CONFIG)).toUpperCase(Locale.ROOT));
        fixedKeepRatio = (Double) v.get(FIXED_KEEP_RATIO_CONFIG);
        min = (Double) v.get(MIN_CONFIG);
        max = (Double) v.get(MAX_CONFIG);
        slo = Duration.ofMillis((Long) v.get(SLO_MS_CONFIG));
        sloPercentile = (Double) v.get(SLO_PERCENTILE_CONFIG);
        profile = path((String) v.get(PROFILE_CONFIG));
        profileBudget = Duration.ofMillis((Long) v.get(PROFILE_BUDGET_MS_CONFIG));
        card = path((String) v.get(CARD_CONFIG));
        modelConfig = path((String) v.get(MODEL_CONFIG_CONFIG));
        maxBatchSize = (Integer) v.get(BATCH_MAX_SIZE_CONFIG);
        if (min > max) {
            throw new ConfigException(MIN_CONFIG + " (" + min + ") must not exceed " + MAX_CONFIG + " (" + max + ")");
        }
    }

    private static Optional<Path> path(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.strip()));
    }

    /**
     * Adds the keep-ratio keys to a definition (Glimpse's {@code GlimpseConfig} calls it once).
     *
     * @param def the definition to extend
     * @return the same definition
     */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(POLICY_CONFIG, Type.STRING, "fixed", ConfigDef.ValidString.in("fixed", "adaptive"), Importance.HIGH,
                        POLICY_DOC)
                .define(MIN_CONFIG, Type.DOUBLE, 0.5, ConfigDef.Range.between(1e-3, 1.0), Importance.MEDIUM, MIN_DOC)
                .define(MAX_CONFIG, Type.DOUBLE, 1.0, ConfigDef.Range.between(1e-3, 1.0), Importance.MEDIUM, MAX_DOC)
                .define(SLO_MS_CONFIG, Type.LONG, 250L, ConfigDef.Range.atLeast(1), Importance.MEDIUM, SLO_MS_DOC)
                .define(SLO_PERCENTILE_CONFIG, Type.DOUBLE, 99.0, ConfigDef.Range.between(50.0, 99.99), Importance.LOW,
                        SLO_PERCENTILE_DOC)
                .define(PROFILE_CONFIG, Type.STRING, "", Importance.MEDIUM, PROFILE_DOC)
                .define(PROFILE_BUDGET_MS_CONFIG, Type.LONG, 3000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        PROFILE_BUDGET_MS_DOC)
                .define(CARD_CONFIG, Type.STRING, "", Importance.LOW, CARD_DOC);
    }

    /**
     * Parses the settings from Glimpse's values (parsed or raw; missing keys take their defaults).
     *
     * @param values settings by key, e.g. {@code GlimpseConfig.values()}
     * @return the settings
     * @throws ConfigException if a value is invalid or the floor exceeds the ceiling
     */
    public static KeepRatioSettings from(Map<String, ?> values) {
        ConfigDef def = define(new ConfigDef())
                .define(FIXED_KEEP_RATIO_CONFIG, Type.DOUBLE, 0.7, ConfigDef.Range.between(1e-3, 1.0), Importance.HIGH, "")
                .define(BATCH_MAX_SIZE_CONFIG, Type.INT, 16, ConfigDef.Range.atLeast(1), Importance.HIGH, "")
                .define(MODEL_CONFIG_CONFIG, Type.STRING, "", Importance.HIGH, "");
        Map<String, Object> known = new HashMap<>();
        values.forEach((k, v) -> {
            if (def.names().contains(k) && v != null) {
                known.put(k, v);
            }
        });
        return new KeepRatioSettings(def.parse(known));
    }

    public Policy policy() {
        return policy;
    }

    public double fixedKeepRatio() {
        return fixedKeepRatio;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public Duration slo() {
        return slo;
    }

    public double sloPercentile() {
        return sloPercentile;
    }

    /** The cost profile file; empty: measure at start-up. */
    public Optional<Path> profile() {
        return profile;
    }

    public Duration profileBudget() {
        return profileBudget;
    }

    /** The model card named explicitly; empty: look beside the model configuration. */
    public Optional<Path> card() {
        return card;
    }

    public Optional<Path> modelConfig() {
        return modelConfig;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }
}
