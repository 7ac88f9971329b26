package io.glimpse.demo.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of {@code glimpse demo rho-bench}: a policy through the whole load profile on a fresh
 * instance, then drained. A run the instance refused carries the reason and nothing else.
 *
 * @param name the run, e.g. {@code adaptive} or {@code fixed-1.00}
 * @param policy {@code adaptive} or {@code fixed}
 * @param properties the keep-ratio settings the instance ran with
 * @param skipped why the run did not happen, or {@code null}
 * @param note anything else the reader should know (settings dropped, the sender falling behind), or {@code null}
 * @param phases one per segment of the profile
 * @param framesSent frames handed to the producer
 * @param framesAcknowledged frames the broker took
 * @param lost acknowledged frames without a result after draining
 * @param duplicated results beyond the first for a frame
 * @param deadLetters records on the dead-letter topic
 * @param drained whether every acknowledged frame was answered before the drain timeout
 * @param drainSeconds from the end of the profile until the last result
 * @param senderMaxBehindMillis how far the camera feed fell behind its schedule at worst
 * @param saturatedSeconds seconds {@code glimpse.keep.ratio.saturated} read 1 during the profile; {@code null} without the gauge
 * @param timeline one entry per second of the profile and the drain
 */
public record RunReport(
        String name,
        String policy,
        Map<String, Object> properties,
        String skipped,
        String note,
        List<PhaseReport> phases,
        long framesSent,
        long framesAcknowledged,
        long lost,
        long duplicated,
        long deadLetters,
        boolean drained,
        double drainSeconds,
        long senderMaxBehindMillis,
        Long saturatedSeconds,
        List<SecondSample> timeline) {

    /** Copies the lists. */
    public RunReport {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        phases = List.copyOf(phases);
        timeline = List.copyOf(timeline);
    }

    /**
     * A run that did not happen.
     *
     * @param plan the run
     * @param reason why
     * @return the report
     */
    static RunReport skipped(RunPlan plan, String reason) {
        return new RunReport(plan.name(), plan.policy(), plan.properties(), reason, null, List.of(), 0, 0, 0, 0, 0, true, 0, 0,
                null, List.of());
    }

    /** Whether every acknowledged frame got exactly one result and nothing was dead-lettered. */
    public boolean exactlyOnce() {
        return skipped != null || (drained && lost == 0 && duplicated == 0 && deadLetters == 0);
    }
}
