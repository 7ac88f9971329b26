/**
 * Evaluation and the model card: accuracy of the teacher and the students at each keep ratio on
 * one fixed set of test frames, GMACs and measured throughput, per-class accuracy, a Java2D plot of
 * accuracy against compute and a grid of kept-token maps.
 */
package io.glimpse.trainer.eval;
