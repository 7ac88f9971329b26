package io.glimpse.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What one eval-mode forward pass produced, still as NDArrays in the caller's scope.
 *
 * <p>Shapes: logits (B, classes); per stage s, kept original patch ids (B, K_s) int64 in kept order
 * (the kept-token map), kept indices into the stage's input sequence (B, K_s), and predictor
 * log-probabilities (B, N_{s-1}, 2); final tokens (B, 1 + K_last, E) after the final LayerNorm,
 * cls first. The stage lists are empty for the dense path.
 */
public final class InferenceOutput {

    private final NDArray logits;
    private final List<NDArray> keptOriginal;
    private final List<NDArray> keptLocal;
    private final List<NDArray> predictorScores;
    private final NDArray finalTokens;

    InferenceOutput(
            NDArray logits,
            List<NDArray> keptOriginal,
            List<NDArray> keptLocal,
            List<NDArray> predictorScores,
            NDArray finalTokens) {
        this.logits = logits;
        this.keptOriginal = List.copyOf(keptOriginal);
        this.keptLocal = List.copyOf(keptLocal);
        this.predictorScores = List.copyOf(predictorScores);
        this.finalTokens = finalTokens;
    }

    /**
     * Joins the outputs of consecutive chunks of one batch along the batch axis.
     *
     * @param parts outputs of the same model and keep schedule, in batch order
     * @return one output for the whole batch
     */
    static InferenceOutput concat(List<InferenceOutput> parts) {
        InferenceOutput first = parts.get(0);
        List<NDArray> original = new ArrayList<>();
        List<NDArray> local = new ArrayList<>();
        List<NDArray> scores = new ArrayList<>();
        for (int s = 0; s < first.keptOriginal.size(); s++) {
            int stage = s;
            original.add(join(parts, p -> p.keptOriginal.get(stage)));
            local.add(join(parts, p -> p.keptLocal.get(stage)));
            scores.add(join(parts, p -> p.predictorScores.get(stage)));
        }
        return new InferenceOutput(
                join(parts, p -> p.logits), original, local, scores, join(parts, p -> p.finalTokens));
    }

    private static NDArray join(List<InferenceOutput> parts, Function<InferenceOutput, NDArray> field) {
        NDList list = new NDList(parts.size());
        for (InferenceOutput p : parts) {
            list.add(field.apply(p));
        }
        return NDArrays.concat(list, 0);
    }

    public NDArray getLogits() {
        return logits;
    }

    /**
     * Returns the kept-token maps: per stage, original 0-based row-major patch ids in kept order.
     *
     * @return one (B, K_s) array per stage
     */
    public List<NDArray> getKeptOriginal() {
        return keptOriginal;
    }

    /**
     * Returns the official {@code keep_policy} of each stage: indices into that stage's input.
     *
     * @return one (B, K_s) array per stage
     */
    public List<NDArray> getKeptLocal() {
        return keptLocal;
    }

    /**
     * Returns each predictor's log-probabilities (keep, drop) for the tokens it scored.
     *
     * @return one (B, N_{s-1}, 2) array per stage
     */
    public List<NDArray> getPredictorScores() {
        return predictorScores;
    }

    public NDArray getFinalTokens() {
        return finalTokens;
    }

    /**
     * Returns every array with its fixture name ({@code logits}, {@code keep_orig_stage1}, ...).
     *
     * @return a named list
     */
    public NDList toNamedList() {
        NDList list = new NDList();
        list.add(named(logits, "logits"));
        for (int s = 0; s < keptOriginal.size(); s++) {
            list.add(named(keptOriginal.get(s), "keep_orig_stage" + (s + 1)));
            list.add(named(keptLocal.get(s), "keep_local_stage" + (s + 1)));
            list.add(named(predictorScores.get(s), "pred_score_stage" + (s + 1)));
        }
        list.add(named(finalTokens, "final_tokens"));
        return list;
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }
}
