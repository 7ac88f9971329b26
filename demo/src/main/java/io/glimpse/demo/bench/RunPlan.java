package io.glimpse.demo.bench;

import io.glimpse.streams.GlimpseConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One of the benchmark's runs: how the instance chooses ρ, as the Glimpse properties of the
 * adaptive controller (issue #19) say it. A fixed run also knows the one key older builds accept,
 * so it still runs where the policy keys are refused. Immutable.
 *
 * @param name how the report names the run: {@code adaptive}, {@code fixed-1.00}
 * @param policy {@code adaptive} or {@code fixed}
 * @param properties the keep-ratio and SLO settings of the instance
 */
public record RunPlan(String name, String policy, Map<String, Object> properties) {

    static final String POLICY_CONFIG = "glimpse.keep.ratio.policy";
    static final String MIN_CONFIG = "glimpse.keep.ratio.min";
    static final String MAX_CONFIG = "glimpse.keep.ratio.max";
    static final String SLO_MS_CONFIG = "glimpse.latency.slo.ms";
    static final String SLO_PERCENTILE_CONFIG = "glimpse.latency.slo.percentile";

    /** Copies the properties, keeping their order. */
    public RunPlan {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * The adaptive controller over a ρ range.
     *
     * @param floor the lowest ρ
     * @param ceiling the highest ρ
     * @param sloMillis the latency objective
     * @param sloPercentile the percentile it is for
     * @return the plan
     */
    static RunPlan adaptive(double floor, double ceiling, long sloMillis, double sloPercentile) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(POLICY_CONFIG, "adaptive");
        p.put(MIN_CONFIG, floor);
        p.put(MAX_CONFIG, ceiling);
        // The fixed ρ is the ceiling, so an instance that starts fixed starts where the controller would.
        p.put(GlimpseConfig.KEEP_RATIO_CONFIG, ceiling);
        p.put(SLO_MS_CONFIG, sloMillis);
        p.put(SLO_PERCENTILE_CONFIG, sloPercentile);
        return new RunPlan("adaptive", "adaptive", p);
    }

    /**
     * Every batch at one ρ.
     *
     * @param keepRatio ρ
     * @param floor the range's floor (for the controller's gauges, if the build has them)
     * @param ceiling the range's ceiling
     * @param sloMillis the latency objective
     * @param sloPercentile the percentile it is for
     * @return the plan
     */
    static RunPlan fixed(double keepRatio, double floor, double ceiling, long sloMillis, double sloPercentile) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(POLICY_CONFIG, "fixed");
        p.put(GlimpseConfig.KEEP_RATIO_CONFIG, keepRatio);
        p.put(MIN_CONFIG, Math.min(floor, keepRatio));
        p.put(MAX_CONFIG, Math.max(ceiling, keepRatio));
        p.put(SLO_MS_CONFIG, sloMillis);
        p.put(SLO_PERCENTILE_CONFIG, sloPercentile);
        return new RunPlan(String.format(Locale.ROOT, "fixed-%.2f", keepRatio), "fixed", p);
    }

    boolean isAdaptive() {
        return policy.equals("adaptive");
    }

    /**
     * The same run with only the key a build without the controller accepts: the fixed ρ.
     *
     * @return the plan
     */
    RunPlan withoutPolicyKeys() {
        return new RunPlan(name, policy, Map.of(GlimpseConfig.KEEP_RATIO_CONFIG, properties.get(GlimpseConfig.KEEP_RATIO_CONFIG)));
    }
}
