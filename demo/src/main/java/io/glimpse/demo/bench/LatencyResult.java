package io.glimpse.demo.bench;

import java.util.List;

/**
 * Latency of the pipeline under one paced load.
 *
 * @param variant the settings of the instance that differ between the pipelines of one run ("" for none)
 * @param load the fraction of measured capacity offered
 * @param offeredRate frames per second offered
 * @param frames frames sent
 * @param results results received
 * @param achievedRate results per second of the measured frames over the measured period
 * @param p50Millis median result time minus capture time, over frames captured after the warm-up
 * @param p99Millis 99th percentile of the same
 * @param visibleP50Millis median time from capture until the result was committed and read
 * @param visibleP99Millis 99th percentile of the same
 * @param deadLetters records on the dead-letter topic
 * @param warmUpP99Millis 99th percentile of capture → result over the warm-up (not in the figures above)
 * @param tail the frames above the p99, split into their parts
 * @param gcPauses the garbage collector's pauses in this process while the load was measured
 * @param jitCompilations the JIT compiler's long compilations in this process while the load was measured
 */
record LatencyResult(
        String variant,
        double load,
        double offeredRate,
        long frames,
        long results,
        double achievedRate,
        long p50Millis,
        long p99Millis,
        long visibleP50Millis,
        long visibleP99Millis,
        long deadLetters,
        long warmUpP99Millis,
        LatencyRecorder.Tail tail,
        List<Stall> gcPauses,
        List<Stall> jitCompilations) {

    LatencyResult {
        gcPauses = List.copyOf(gcPauses);
        jitCompilations = List.copyOf(jitCompilations);
    }

    static long maxMillis(List<Stall> stalls) {
        return stalls.stream().mapToLong(Stall::millis).max().orElse(0);
    }

    static long totalMillis(List<Stall> stalls) {
        return stalls.stream().mapToLong(Stall::millis).sum();
    }
}
