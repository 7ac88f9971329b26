/**
 * The load-based keep-ratio controller (issue #19): it holds a latency SLO under load by lowering
 * ρ, never by dropping frames, and raises ρ again when load falls.
 *
 * <p><b>The law.</b> Before each batch the controller predicts, for each candidate ρ, the worst
 * arrival-to-result latency of the frames the instance holds (plus the consumer lag, when known):
 * a first-in-first-out replay of that backlog through the workers, with a noise margin for the SLO
 * percentile. It also predicts the utilisation u: the measured arrival rate over full-batch
 * capacity. Service times come from a cost profile (batch size × ρ) that every batch that runs
 * corrects. ρ stays while the prediction meets the SLO and u ≤ 0.95. Otherwise ρ drops at once, to
 * the highest ρ with 10 % latency headroom and u ≤ 0.85. It rises by at most 0.1 at a time: only
 * once the higher ρ has had 30 % latency headroom and u ≤ 0.85 for a hold time (1 s, idle time
 * included), and only while the measured latency percentile over the last 5 s is within the SLO.
 * When even the floor cannot meet the SLO, the controller reports saturated and keeps every frame.
 *
 * <p><b>Why it is stable.</b> ρ drops at u > 0.95 and rises only to a ρ with u ≤ 0.85, so between
 * them lies a dead band wider than the noise of the rate and service-time estimates (about 5 %). At
 * steady load, ρ rests on the highest rung within the band. Drops are immediate and leave headroom,
 * because a growing queue is the costly mistake. Rises are slow and stepwise, and measured latency
 * can veto them, so a wrong rise is undone at most once per hold time, not on every batch. The
 * ladder keeps only the ρ values that buy accuracy (from the model card), so each step up trades
 * compute for accuracy, never for nothing.
 */
package io.glimpse.streams.rho;
