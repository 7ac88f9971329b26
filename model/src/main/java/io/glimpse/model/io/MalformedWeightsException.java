package io.glimpse.model.io;

import ai.djl.MalformedModelException;

import java.util.List;
import java.util.stream.Collectors;

/** Weights that do not fit the model, with every problem found, so none has to be found one by one. */
public final class MalformedWeightsException extends MalformedModelException {

    private static final long serialVersionUID = 1L;

    /** The problems, in the order they were found; never empty. */
    private final transient List<WeightsProblem> problems;

    /**
     * Creates the exception.
     *
     * @param problems what is wrong; at least one
     */
    public MalformedWeightsException(List<WeightsProblem> problems) {
        super("Weights do not match the model: "
                + problems.stream().map(WeightsProblem::detail).collect(Collectors.joining("; ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("Malformed weights need at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns what is wrong.
     *
     * @return the problems, never empty
     */
    public List<WeightsProblem> getProblems() {
        return problems;
    }
}
