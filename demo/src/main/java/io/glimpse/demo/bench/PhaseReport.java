package io.glimpse.demo.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One phase of one run of {@code glimpse demo rho-bench}. Frames belong to the phase their capture
 * time falls in; the achieved rate, lag and saturation are what was observed while the phase ran.
 *
 * @param phase the segment, as the load profile writes it
 * @param startSeconds when the phase began, from the start of the run
 * @param endSeconds when it ended
 * @param offeredRate frames per second sent
 * @param achievedRate committed results per second read while the phase ran
 * @param framesSent frames handed to the producer
 * @param framesAcknowledged frames the broker took: each must get exactly one result
 * @param framesFailed frames the broker refused (not expected to be answered)
 * @param framesAnswered acknowledged frames that got a result
 * @param p50Millis median latency, capture to result, of the phase's frames
 * @param p99Millis 99th percentile of the same
 * @param meanKeepRatio mean ρ the phase's frames ran at ({@code FrameResult.keepRatio})
 * @param keepRatioShares share of the phase's frames by ρ (two decimals), highest ρ first
 * @param accuracy share of answered frames whose top label is the true class
 * @param effectiveAccuracy share of acknowledged frames answered correctly within the SLO
 * @param lost acknowledged frames left without a result after draining
 * @param duplicated results beyond the first for a frame
 * @param lagMax most frames sent and not yet answered, sampled once a second during the phase
 * @param lagMean mean of those samples
 * @param saturatedSeconds seconds the controller reported {@code glimpse.keep.ratio.saturated} = 1;
 *     {@code null} when the instance has no such gauge
 */
public record PhaseReport(
        String phase,
        double startSeconds,
        double endSeconds,
        double offeredRate,
        double achievedRate,
        long framesSent,
        long framesAcknowledged,
        long framesFailed,
        long framesAnswered,
        long p50Millis,
        long p99Millis,
        double meanKeepRatio,
        Map<String, Double> keepRatioShares,
        double accuracy,
        double effectiveAccuracy,
        long lost,
        long duplicated,
        long lagMax,
        double lagMean,
        Long saturatedSeconds) {

    /** Copies the shares. */
    public PhaseReport {
        keepRatioShares = Collections.unmodifiableMap(new LinkedHashMap<>(keepRatioShares));
    }
}
