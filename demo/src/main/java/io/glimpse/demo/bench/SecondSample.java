package io.glimpse.demo.bench;

/**
 * One second of a run, for the time series of the report and the plot. Frame counts and latency
 * are by capture time (the frames offered in that second); results read and the gauges by wall
 * time. Values that do not exist for the second are {@code null}.
 *
 * @param second from the start of the run
 * @param offered frames sent (captured) in the second
 * @param achieved committed results read in the second
 * @param meanKeepRatio mean ρ of the second's frames
 * @param p99Millis 99th percentile latency, capture to result, of the second's frames
 * @param lag frames sent and not yet answered at the end of the second
 * @param gauges the controller's gauges at the end of the second
 */
public record SecondSample(int second, long offered, long achieved, Double meanKeepRatio, Long p99Millis, long lag,
        ControllerGauges gauges) {}
