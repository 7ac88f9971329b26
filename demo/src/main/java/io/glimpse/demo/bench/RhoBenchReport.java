package io.glimpse.demo.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code glimpse demo rho-bench} measured, as its JSON report holds it.
 *
 * @param command the command line
 * @param model the model version served
 * @param trainedModel false for a random stand-in (accuracy is then chance)
 * @param cores processors of this machine
 * @param settings batching, workers, cameras, partitions and extra properties
 * @param denseCapacity committed frames/s at ρ = 1.0: what {@code 1x} of the profile is
 * @param floorCapacity committed frames/s at the floor ρ
 * @param loadProfile the profile, in its own syntax
 * @param defaultProfile whether it was sized from the capacities rather than given
 * @param sloMillis the latency objective
 * @param sloPercentile the percentile it is for
 * @param floor the lowest ρ
 * @param ceiling the highest ρ
 * @param runs the runs, in the order they ran
 */
public record RhoBenchReport(
        String command,
        String model,
        boolean trainedModel,
        int cores,
        Map<String, Object> settings,
        CapacityResult denseCapacity,
        CapacityResult floorCapacity,
        String loadProfile,
        boolean defaultProfile,
        long sloMillis,
        double sloPercentile,
        double floor,
        double ceiling,
        List<RunReport> runs) {

    /** Copies the collections. */
    public RhoBenchReport {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        runs = List.copyOf(runs);
    }

    /** Whether every run answered every acknowledged frame exactly once. */
    public boolean exactlyOnce() {
        return runs.stream().allMatch(RunReport::exactlyOnce);
    }
}
