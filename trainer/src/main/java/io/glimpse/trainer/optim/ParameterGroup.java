package io.glimpse.trainer.optim;

import ai.djl.nn.Parameter;

import java.util.List;
import java.util.Map;

/**
 * Parameters that share a learning-rate schedule and a weight decay, as a PyTorch param group.
 *
 * @param name a label for logs
 * @param parameters state-dict name to parameter, in a stable order
 * @param weightDecay the decoupled weight decay (0 for biases and 1-D weights)
 * @param schedule the learning rate over epochs
 */
public record ParameterGroup(
        String name, Map<String, Parameter> parameters, double weightDecay, LearningRateSchedule schedule) {

    /**
     * Validates and copies.
     *
     * @param name a label for logs
     * @param parameters the parameters
     * @param weightDecay at least 0
     * @param schedule the schedule
     */
    public ParameterGroup {
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("Weight decay must be >= 0, got " + weightDecay);
        }
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }

    /**
     * Returns the names of the parameters.
     *
     * @return state-dict names
     */
    public List<String> names() {
        return List.copyOf(parameters.keySet());
    }
}
