package io.glimpse.trainer.optim;

import ai.djl.nn.Parameter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Splits a DynamicViT's named parameters as timm and the DynamicViT code do: biases and 1-D
 * weights (norms) get no weight decay; predictors ({@code score_predictor.*}) form their own group;
 * some parameters ({@code cls_token}, {@code pos_embed} in the fine-tune) stay out of the
 * optimizer and are frozen.
 */
public final class ParameterGroups {

    /** The prefix of the predictors' parameters. */
    public static final String PREDICTOR_PREFIX = "score_predictor.";

    private ParameterGroups() {}

    /**
     * Tells whether a parameter is exempt from weight decay.
     *
     * @param name the state-dict name
     * @param parameter the parameter
     * @return true for biases and 1-D weights
     */
    public static boolean isNoDecay(String name, Parameter parameter) {
        return name.endsWith(".bias") || parameter.getArray().getShape().dimension() <= 1;
    }

    /**
     * Selects parameters.
     *
     * @param all state-dict name to parameter
     * @param predictors true for the predictors' parameters, false for the backbone's
     * @param noDecay true for biases and 1-D weights, false for the others
     * @param excluded names left out
     * @return the selection, in order
     */
    public static Map<String, Parameter> select(
            Map<String, Parameter> all, boolean predictors, boolean noDecay, Set<String> excluded) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : all.entrySet()) {
            String name = e.getKey();
            if (excluded.contains(name) || name.startsWith(PREDICTOR_PREFIX) != predictors) {
                continue;
            }
            if (isNoDecay(name, e.getValue()) == noDecay) {
                out.put(name, e.getValue());
            }
        }
        return out;
    }

    /**
     * Freezes parameters so no gradient is computed for them.
     *
     * @param all state-dict name to parameter
     * @param names those to freeze
     */
    public static void freeze(Map<String, Parameter> all, Set<String> names) {
        for (String n : names) {
            Parameter p = all.get(n);
            if (p == null) {
                throw new IllegalArgumentException("No parameter " + n);
            }
            p.freeze(true);
        }
    }
}
