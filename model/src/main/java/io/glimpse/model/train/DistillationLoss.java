package io.glimpse.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import io.glimpse.model.TrainingOutput;
import io.glimpse.model.nn.Scalars;

import java.util.Arrays;
import java.util.List;

/**
 * The loss of DynamicViT's distilled fine-tune (official {@code DistillDiffPruningLoss}, DeiT
 * setting): {@code clf·cls + ratioWeight·ratio/ratioDivisor + distill·KL + distill·token}.
 *
 * <ul>
 *   <li>cls: cross-entropy with optional label smoothing against the labels;
 *   <li>ratio: Σ_s mean_b (mean_n D_s − r_s)², the keep rate matched per image;
 *   <li>KL: KL(teacher ‖ student) on logits at temperature 1, batch mean;
 *   <li>token: MSE to the teacher's final patch tokens over the tokens the student kept (zero when
 *       it kept none).
 * </ul>
 *
 * <p>The ratio term is divided by 3 in the official code whatever the number of stages (its
 * constructor's default {@code pruning_loc}); {@link Builder#optRatioDivisor} keeps that quirk
 * configurable.
 */
public final class DistillationLoss {

    private final double[] keepRatios;
    private final float smoothing;
    private final float classificationWeight;
    private final float ratioWeight;
    private final float ratioDivisor;
    private final float distillWeight;

    private DistillationLoss(Builder b) {
        keepRatios = b.keepRatios.clone();
        smoothing = b.smoothing;
        classificationWeight = b.classificationWeight;
        ratioWeight = b.ratioWeight;
        ratioDivisor = b.ratioDivisor;
        distillWeight = b.distillWeight;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Computes every term.
     *
     * @param student the student's training-mode output
     * @param labels (B) int64 class ids
     * @param teacherLogits (B, classes), no gradient
     * @param teacherTokens (B, N0, E) the teacher's final-LayerNorm patch tokens, no gradient
     * @return the terms and their weighted total, each a scalar
     */
    public LossTerms compute(
            TrainingOutput student, NDArray labels, NDArray teacherLogits, NDArray teacherTokens) {
        List<NDArray> decisions = student.getDecisions();
        if (decisions.size() != keepRatios.length) {
            throw new IllegalArgumentException(
                    "The student has " + decisions.size() + " stages but the loss has keep ratios "
                            + Arrays.toString(keepRatios));
        }
        NDArray logits = student.getLogits();
        NDArray cls = classification(logits, labels, smoothing);
        NDArray ratio = ratio(decisions, keepRatios);
        NDArray kl = distillation(logits, teacherLogits);
        NDArray token = tokenMse(student.getFeatures(), teacherTokens, student.getFinalMask());
        NDArray total =
                cls.mul(Scalars.like(cls, classificationWeight))
                        .add(ratio.mul(Scalars.like(ratio, ratioWeight / ratioDivisor)))
                        .add(kl.mul(Scalars.like(kl, distillWeight)))
                        .add(token.mul(Scalars.like(token, distillWeight)));
        return new LossTerms(total, cls, ratio, kl, token);
    }

    /**
     * Cross-entropy, with label smoothing as timm's {@code LabelSmoothingCrossEntropy}: {@code
     * (1−ε)·NLL + ε·mean_c(−log p)}, averaged over the batch.
     *
     * @param logits (B, classes)
     * @param labels (B) int64
     * @param smoothing ε in [0, 1)
     * @return the scalar loss
     */
    public static NDArray classification(NDArray logits, NDArray labels, float smoothing) {
        NDArray logProbs = logits.logSoftmax(-1);
        NDArray index = labels.toType(DataType.INT64, false).reshape(-1, 1);
        NDArray nll = logProbs.gather(index, 1).reshape(-1).neg();
        if (smoothing == 0f) {
            return nll.mean();
        }
        NDArray uniform = logProbs.mean(new int[] {-1}).neg();
        return nll.mul(Scalars.like(nll, 1f - smoothing)).add(uniform.mul(Scalars.like(uniform, smoothing))).mean();
    }

    /**
     * The keep-ratio term before weighting: Σ_s mean_b (mean_n D_s − r_s)².
     *
     * @param decisions per stage, (B, N0) cumulative decisions
     * @param keepRatios r_s
     * @return the scalar term
     */
    public static NDArray ratio(List<NDArray> decisions, double[] keepRatios) {
        NDArray sum = null;
        for (int s = 0; s < decisions.size(); s++) {
            NDArray term = decisions.get(s).mean(new int[] {1}).sub((float) keepRatios[s]).square().mean();
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /**
     * KL(teacher ‖ student) at temperature 1, summed over classes, averaged over the batch.
     *
     * @param studentLogits (B, classes)
     * @param teacherLogits (B, classes)
     * @return the scalar term
     */
    public static NDArray distillation(NDArray studentLogits, NDArray teacherLogits) {
        NDArray logStudent = studentLogits.logSoftmax(-1);
        NDArray logTeacher = teacherLogits.logSoftmax(-1);
        long batch = studentLogits.getShape().get(0);
        NDArray sum = logTeacher.exp().mul(logTeacher.sub(logStudent)).sum();
        return sum.div(Scalars.like(sum, batch));
    }

    /**
     * MSE between student and teacher patch tokens over the tokens kept by the final mask,
     * averaged over kept tokens × channels; zero if fewer than 0.1 tokens are kept.
     *
     * @param features (B, N0, E) student tokens
     * @param teacherTokens (B, N0, E)
     * @param finalMask (B, N0, 1)
     * @return the scalar term
     */
    public static NDArray tokenMse(NDArray features, NDArray teacherTokens, NDArray finalMask) {
        NDArray selected = finalMask.gt(0.5f).toType(DataType.FLOAT32, false);
        NDArray count = selected.sum();
        long channels = features.getShape().get(2);
        if (count.getFloat() < 0.1f) {
            NDArray zero = features.sum();
            return zero.mul(Scalars.like(zero, 0));
        }
        return features.sub(teacherTokens).square().mul(selected).sum().div(count.mul(Scalars.like(count, channels)));
    }

    /** Builds a {@link DistillationLoss} with the official DeiT defaults. */
    public static final class Builder {
        private double[] keepRatios;
        private float smoothing;
        private float classificationWeight = 1f;
        private float ratioWeight = 2f;
        private float ratioDivisor = 3f;
        private float distillWeight = 0.5f;

        Builder() {}

        /**
         * Sets the target keep ratio of each stage, cumulative ({@code ρ, ρ², ρ³}).
         *
         * @param keepRatios one ratio per stage
         * @return this builder
         */
        public Builder setKeepRatios(double... keepRatios) {
            this.keepRatios = keepRatios.clone();
            return this;
        }

        public Builder optLabelSmoothing(float smoothing) {
            this.smoothing = smoothing;
            return this;
        }

        public Builder optClassificationWeight(float weight) {
            this.classificationWeight = weight;
            return this;
        }

        public Builder optRatioWeight(float weight) {
            this.ratioWeight = weight;
            return this;
        }

        public Builder optRatioDivisor(float divisor) {
            this.ratioDivisor = divisor;
            return this;
        }

        public Builder optDistillWeight(float weight) {
            this.distillWeight = weight;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the loss
         */
        public DistillationLoss build() {
            if (keepRatios == null) {
                throw new IllegalArgumentException("Keep ratios are required");
            }
            for (double r : keepRatios) {
                if (!(r > 0 && r <= 1)) {
                    throw new IllegalArgumentException("Keep ratios must be in (0, 1]: " + Arrays.toString(keepRatios));
                }
            }
            if (!(smoothing >= 0 && smoothing < 1)) {
                throw new IllegalArgumentException("Label smoothing must be in [0, 1), got " + smoothing);
            }
            if (!(ratioDivisor > 0)) {
                throw new IllegalArgumentException("Ratio divisor must be positive, got " + ratioDivisor);
            }
            return new DistillationLoss(this);
        }
    }
}
