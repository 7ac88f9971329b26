package io.glimpse.trainer.publish;

import io.glimpse.clips.FashionMnist;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.schemas.weights.ModelPackage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A directory of model files — what {@code glimpse train evaluate} ships ({@code config.json},
 * {@code labels.txt}, {@code card.json}, the weights) or a training run's output ({@code config.json},
 * {@code model.safetensors}) — read into the {@link ModelPackage} a publication needs.
 *
 * <p>The configuration is checked by parsing it; if it has pruning locations but the weights carry no
 * prediction modules (the shipped teacher beside the student's config.json), the package gets the
 * configuration's dense variant, which is what those weights load with. Without {@code labels.txt} the
 * labels are Fashion-MNIST's, the only data the trainer trains on. Accuracy comes from the card's entry
 * for the weights, when there is a card.
 */
public final class ModelDirectory {

    /** The model configuration file (official DynamicViT keys). */
    public static final String CONFIG = "config.json";
    /** One class name per line, in output order. */
    public static final String LABELS = "labels.txt";
    /** The model card's data. */
    public static final String CARD = "card.json";
    /** The weights a shipped directory serves. */
    public static final String STUDENT_WEIGHTS = "student.safetensors";
    /** The architecture every Glimpse manifest names. */
    public static final String ARCHITECTURE = "dynamicvit";

    private static final String PREDICTOR_PREFIX = "score_predictor.";

    private final Path dir;

    private ModelDirectory(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /**
     * Returns a model directory.
     *
     * @param dir the directory
     * @return the model directory
     */
    public static ModelDirectory of(Path dir) {
        return new ModelDirectory(dir);
    }

    /**
     * Returns the directory's default weights: {@value #STUDENT_WEIGHTS}.
     *
     * @return the path of the default weights
     */
    public Path defaultWeights() {
        return dir.resolve(STUDENT_WEIGHTS);
    }

    /**
     * Reads the directory and a weights file into a package.
     *
     * @param version the version to publish it as
     * @param weights the weights file (safetensors)
     * @param cardEntry the card entry to take accuracy from; empty for the default: {@code teacher}
     *     for weights named teacher*, the card's shipped student otherwise
     * @return the package
     * @throws IOException if a file is missing, unreadable or inconsistent with the others
     */
    public ModelPackage read(String version, Path weights, Optional<String> cardEntry) throws IOException {
        List<String> tensors = SafetensorsHeader.tensorNames(weights);
        Path configFile = dir.resolve(CONFIG);
        DynamicVitConfig config = readConfig(configFile);
        boolean dense = config.getStageCount() > 0 && tensors.stream().noneMatch(n -> n.startsWith(PREDICTOR_PREFIX));
        String configJson = dense ? config.dense().toJson().toPrettyString()
                : Files.readString(configFile, StandardCharsets.UTF_8);
        List<String> labels = labels();
        if (labels.size() != config.getClassCount()) {
            String source = Files.isRegularFile(dir.resolve(LABELS)) ? dir.resolve(LABELS).toString()
                    : "Fashion-MNIST (there is no " + LABELS + ")";
            throw new IOException(source + " names " + labels.size() + " classes, " + configFile + " has "
                    + config.getClassCount());
        }
        ModelPackage.Builder p = ModelPackage.builder()
                .setVersion(version)
                .setArchitecture(ARCHITECTURE)
                .setConfigJson(configJson)
                .setWeights(Files.readAllBytes(weights))
                .optClassLabels(labels);
        Path card = dir.resolve(CARD);
        if (Files.isRegularFile(card)) {
            String entry = cardEntry.orElse(isTeacher(weights) ? CardAccuracy.TEACHER : null);
            CardAccuracy accuracy = CardAccuracy.read(card, entry);
            p.optAccuracy(accuracy.accuracy()).optMetrics(accuracy.metrics());
        } else if (cardEntry.isPresent()) {
            throw new IOException("--card-entry " + cardEntry.get() + " given, but there is no " + card);
        }
        return p.build();
    }

    private static DynamicVitConfig readConfig(Path file) throws IOException {
        try {
            return DynamicVitConfig.read(file);
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a DynamicViT configuration: " + e.getMessage(), e);
        }
    }

    private List<String> labels() throws IOException {
        Path file = dir.resolve(LABELS);
        if (!Files.isRegularFile(file)) {
            return FashionMnist.CLASS_NAMES;
        }
        List<String> labels = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .toList();
        int end = labels.size();
        while (end > 0 && labels.get(end - 1).isEmpty()) {
            end--;
        }
        labels = labels.subList(0, end);
        if (labels.isEmpty() || labels.contains("")) {
            throw new IOException(file + " must name one class per line, without blank lines");
        }
        return labels;
    }

    private static boolean isTeacher(Path weights) {
        return weights.getFileName().toString().startsWith(CardAccuracy.TEACHER);
    }
}
