package io.glimpse.model;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * What one training-mode forward pass produced: every token kept, dropped ones masked.
 *
 * <p>Shapes: logits (B, classes); features (B, N0, E) final-LayerNorm patch tokens in spatial
 * order; final mask (B, N0, 1), the last cumulative decision, detached; per stage, the cumulative
 * hard decision (B, N0) with straight-through gradients and the predictor's log-probabilities (B,
 * N0, 2). For a dense model the stage lists are empty and the final mask is all ones.
 */
public final class TrainingOutput {

    private final NDArray logits;
    private final NDArray features;
    private final NDArray finalMask;
    private final List<NDArray> decisions;
    private final List<NDArray> predictorScores;

    TrainingOutput(
            NDArray logits,
            NDArray features,
            NDArray finalMask,
            List<NDArray> decisions,
            List<NDArray> predictorScores) {
        this.logits = logits;
        this.features = features;
        this.finalMask = finalMask;
        this.decisions = List.copyOf(decisions);
        this.predictorScores = List.copyOf(predictorScores);
    }

    public NDArray getLogits() {
        return logits;
    }

    public NDArray getFeatures() {
        return features;
    }

    public NDArray getFinalMask() {
        return finalMask;
    }

    public List<NDArray> getDecisions() {
        return decisions;
    }

    public List<NDArray> getPredictorScores() {
        return predictorScores;
    }
}
