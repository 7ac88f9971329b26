package io.glimpse.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.glimpse.model.io.Safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A weight-space interpolation between a model and its own fine-tune, {@code (1 − α)·from + α·to}
 * (WiSE-FT, Wortsman et al., CVPR 2022). A fine-tune towards new inputs (camera-size frames) trades
 * away some accuracy on the old ones; the straight line between the two sets of weights, which share
 * their start, often holds the old inputs' accuracy while keeping most of the new inputs' gain,
 * without another training run.
 *
 * <p>The result is written as a run directory the evaluator reads like any other: the weights, the
 * fine-tune's {@code config.json}, and {@link #RECIPE} saying what was interpolated, so the card can
 * say how the model it measures was made.
 */
public final class WeightInterpolation {

    /** The file beside the weights that records the interpolation. */
    public static final String RECIPE = "interpolation.json";

    private WeightInterpolation() {}

    /**
     * What an interpolated run directory holds: its weights are {@code (1 − alpha)·from + alpha·to}.
     *
     * @param from the weights file the fine-tune started from
     * @param to the fine-tune's run directory
     * @param alpha the fine-tune's share, in [0, 1]
     */
    public record Recipe(String from, String to, double alpha) {

        /**
         * Checks the share.
         *
         * @throws IllegalArgumentException if alpha is outside [0, 1]
         */
        public Recipe {
            checkShare(alpha);
        }

        /**
         * Reads the recipe of an interpolated run directory, if it is one.
         *
         * @param runDirectory a run directory
         * @return the recipe, or null when the directory holds a trained run
         * @throws IOException if the recipe exists and cannot be read
         */
        public static Recipe readFrom(Path runDirectory) throws IOException {
            Path file = runDirectory.resolve(RECIPE);
            return Files.exists(file) ? new ObjectMapper().readValue(file.toFile(), Recipe.class) : null;
        }
    }

    /**
     * Interpolates two sets of named tensors, which must hold the same names and shapes.
     *
     * @param from the weights the fine-tune started from
     * @param to the fine-tuned weights
     * @param alpha the fine-tune's share, in [0, 1]
     * @return new arrays, named as the inputs, in {@code to}'s order and attached to its manager
     * @throws IllegalArgumentException if the names or a shape differ
     */
    public static NDList interpolate(NDList from, NDList to, double alpha) {
        checkShare(alpha);
        Map<String, NDArray> start = new LinkedHashMap<>();
        from.forEach(t -> start.put(t.getName(), t));
        Set<String> unmatched = new TreeSet<>(start.keySet());
        for (NDArray t : to) {
            if (!unmatched.remove(t.getName())) {
                unmatched.add(t.getName());
            }
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("The two models do not have the same tensors; only one has " + unmatched);
        }
        NDList out = new NDList(to.size());
        for (NDArray t : to) {
            NDArray s = start.get(t.getName());
            if (!s.getShape().equals(t.getShape())) {
                throw new IllegalArgumentException("Tensor " + t.getName() + " has shape " + s.getShape() + " in one model and "
                        + t.getShape() + " in the other");
            }
            NDArray mixed = t.mul((float) alpha).addi(s.mul((float) (1 - alpha)));
            mixed.setName(t.getName());
            out.add(mixed);
        }
        return out;
    }

    private static void checkShare(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
    }

    /**
     * Writes an interpolated run directory.
     *
     * @param recipe the weights file, the fine-tune's run directory and the fine-tune's share
     * @param output the run directory to write: {@value TeacherTrainer#WEIGHTS}, {@value TeacherTrainer#CONFIG}
     *     and {@value #RECIPE}
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if the two models do not match
     */
    public static void write(Recipe recipe, Path output) throws IOException {
        Path to = Path.of(recipe.to());
        Files.createDirectories(output);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList mixed = interpolate(Safetensors.read(manager, Path.of(recipe.from())),
                    Safetensors.read(manager, to.resolve(TeacherTrainer.WEIGHTS)), recipe.alpha());
            Safetensors.write(mixed, output.resolve(TeacherTrainer.WEIGHTS));
        }
        Files.copy(to.resolve(TeacherTrainer.CONFIG), output.resolve(TeacherTrainer.CONFIG),
                StandardCopyOption.REPLACE_EXISTING);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(output.resolve(RECIPE).toFile(), recipe);
    }
}
