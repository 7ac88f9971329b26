package io.glimpse.model.train;

import ai.djl.ndarray.NDArray;

/**
 * The terms of the distillation loss as scalar arrays (so the total can be back-propagated and
 * every term logged): total, classification, ratio (unweighted sum over stages), KL and token MSE.
 */
public final class LossTerms {

    private final NDArray total;
    private final NDArray classification;
    private final NDArray ratio;
    private final NDArray distillation;
    private final NDArray token;

    LossTerms(NDArray total, NDArray classification, NDArray ratio, NDArray distillation, NDArray token) {
        this.total = total;
        this.classification = classification;
        this.ratio = ratio;
        this.distillation = distillation;
        this.token = token;
    }

    public NDArray getTotal() {
        return total;
    }

    public NDArray getClassification() {
        return classification;
    }

    public NDArray getRatio() {
        return ratio;
    }

    public NDArray getDistillation() {
        return distillation;
    }

    public NDArray getToken() {
        return token;
    }
}
