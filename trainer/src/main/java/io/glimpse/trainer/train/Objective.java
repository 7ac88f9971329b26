package io.glimpse.trainer.train;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * What a training step minimises: the teacher's smoothed cross-entropy, or the DynamicViT
 * distillation loss. The {@link TrainingLoop} owns data, gradients, optimizer and checkpoints;
 * an objective only maps a batch to a loss.
 */
public interface Objective {

    /**
     * Runs the training forward pass and the loss; called inside a gradient collector.
     *
     * @param images (B, 3, H, W) in a per-batch manager
     * @param labels (B) int64
     * @param step the run's batch counter, for per-batch choices (a sampled ρ)
     * @return the loss to back-propagate and what to log
     */
    Result forward(NDArray images, NDArray labels, long step);

    /**
     * The outcome of one forward pass.
     *
     * @param loss the scalar to back-propagate
     * @param logits (B, classes), for the training accuracy
     * @param metrics named scalars to log (loss terms, kept fraction), already read from the arrays
     */
    record Result(NDArray loss, NDArray logits, Map<String, Double> metrics) {}
}
