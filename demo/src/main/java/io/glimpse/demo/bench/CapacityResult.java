package io.glimpse.demo.bench;

/**
 * The committed frames/s of the pipeline at one fixed ρ under saturation (a backlog it cannot
 * finish before the window ends, or finishes early and is timed to its last result).
 *
 * @param keepRatio ρ
 * @param framesPerSecond committed results per second over the measured part of the window
 * @param frames results counted in that part
 * @param seconds its length
 */
public record CapacityResult(double keepRatio, double framesPerSecond, long frames, double seconds) {}
