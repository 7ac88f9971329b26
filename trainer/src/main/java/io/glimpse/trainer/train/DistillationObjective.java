package io.glimpse.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.GumbelNoise;
import io.glimpse.model.InferenceOutput;
import io.glimpse.model.KeepSchedule;
import io.glimpse.model.TrainingOutput;
import io.glimpse.model.train.DistillationLoss;
import io.glimpse.model.train.LossTerms;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The student's objective, DynamicViT's {@code DistillDiffPruningLoss} (SPEC section 7): smoothed
 * cross-entropy + ratioWeight·ratio/3 + distillWeight·(KL to the teacher + token MSE to the
 * teacher's patch tokens), the teacher running dense and without gradients on the same images.
 *
 * <p>With a ρ range, each batch draws its own target ρ (a function of the step, so resumes agree),
 * and the keep-ratio term pulls the predictors to that batch's ρ, ρ², ρ³: one checkpoint learns to
 * serve every ratio of the range.
 */
public final class DistillationObjective implements Objective {

    private final DynamicVit student;
    private final DynamicVit teacher;
    private final TrainingConfig config;
    private final DynamicVitConfig studentConfig;
    private final RhoSampler rhos;

    /**
     * Creates the objective.
     *
     * @param student the model being trained
     * @param teacher the dense teacher, frozen
     * @param config the run (ρ or ρ range, loss weights, smoothing, seed)
     */
    public DistillationObjective(DynamicVit student, DynamicVit teacher, TrainingConfig config) {
        this.student = student;
        this.teacher = teacher;
        this.config = config;
        this.studentConfig = student.getConfig();
        this.rhos = new RhoSampler(config);
    }

    @Override
    public Result forward(NDArray images, NDArray labels, long step) {
        double rho = rhos.at(step);
        InferenceOutput t = teacher.inferDense(images);
        NDArray teacherLogits = t.getLogits().stopGradient();
        NDArray teacherTokens = t.getFinalTokens().get(new NDIndex(":, 1:, :")).stopGradient();
        TrainingOutput out = student.getBlock().trainForward(
                new ParameterStore(images.getManager(), false), images, GumbelNoise.random());
        DistillationLoss loss = DistillationLoss.builder()
                .setKeepRatios(KeepSchedule.of(studentConfig, rho).getRatios())
                .optLabelSmoothing((float) config.getLabelSmoothing())
                .optRatioWeight((float) config.getRatioWeight())
                .optDistillWeight((float) config.getDistillWeight())
                .build();
        LossTerms terms = loss.compute(out, labels, teacherLogits, teacherTokens);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rho", rho);
        metrics.put("cls", (double) terms.getClassification().getFloat());
        metrics.put("ratio", (double) terms.getRatio().getFloat());
        metrics.put("kl", (double) terms.getDistillation().getFloat());
        metrics.put("token", (double) terms.getToken().getFloat());
        // Kept fraction of the first stage, and its gap to the target ρ (the others follow ρ², ρ³).
        double kept = out.getDecisions().isEmpty() ? 1 : out.getDecisions().get(0).mean().getFloat();
        metrics.put("kept", kept);
        metrics.put("kept_gap", Math.abs(kept - rho));
        return new Result(terms.getTotal(), out.getLogits(), metrics);
    }
}
