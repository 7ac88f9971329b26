package io.glimpse.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.GumbelNoise;
import io.glimpse.model.TrainingOutput;
import io.glimpse.model.train.DistillationLoss;

import java.util.Map;

/** The teacher's objective: cross-entropy with label smoothing on a dense ViT. */
public final class ClassificationObjective implements Objective {

    private final DynamicVit model;
    private final float smoothing;

    /**
     * Creates the objective.
     *
     * @param model a dense model
     * @param smoothing the label smoothing ε
     */
    public ClassificationObjective(DynamicVit model, float smoothing) {
        this.model = model;
        this.smoothing = smoothing;
    }

    @Override
    public Result forward(NDArray images, NDArray labels, long step) {
        TrainingOutput out = model.getBlock().trainForward(
                new ParameterStore(images.getManager(), false), images, GumbelNoise.random());
        NDArray loss = DistillationLoss.classification(out.getLogits(), labels, smoothing);
        return new Result(loss, out.getLogits(), Map.of());
    }
}
