package io.glimpse.demo;

import io.glimpse.clips.FashionMnist;
import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the model the demo serves: the trained model shipped with the project, or, until there is
 * one, a randomly initialised model of the same architecture written to a directory.
 *
 * <p>A model directory holds {@value #CONFIG_FILE}, the weights ({@value #STUDENT_WEIGHTS_FILE} as
 * shipped, or {@value #WEIGHTS_FILE} as a training run writes them) and optionally {@value
 * #LABELS_FILE}; without labels a 10-class model gets the Fashion-MNIST class names.
 */
public final class DemoModel {

    /**
     * Where the shipped, trained model lives, relative to the project root. The one place to change
     * when the trained model moves.
     */
    public static final Path SHIPPED_MODEL_DIR = Path.of("models", "fashion-video");

    public static final String CONFIG_FILE = "config.json";
    /** The pruning student's weights in a shipped model directory (next to the dense teacher's). */
    public static final String STUDENT_WEIGHTS_FILE = "student.safetensors";
    /** The dense teacher's weights in a shipped model directory. */
    public static final String TEACHER_WEIGHTS_FILE = "teacher.safetensors";
    /** The weights in a training run's output directory. */
    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String LABELS_FILE = "labels.txt";

    /**
     * The architecture of the reference fixture and of the trained model: 64×64 input, 8-pixel
     * patches, 96 wide, 12 blocks of 3 heads, 10 classes, pruning before blocks 3, 6 and 9.
     */
    public static final DynamicVitConfig FIXTURE_ARCHITECTURE =
            DynamicVitConfig.builder()
                    .setImageSize(64)
                    .setPatchSize(8)
                    .setEmbeddingSize(96)
                    .setDepth(12)
                    .setHeadCount(3)
                    .setClassCount(10)
                    .optPruneAt(3, 6, 9)
                    .build();

    private DemoModel() {}

    /**
     * Looks for the shipped model in the working directory and its parents.
     *
     * @return the model directory, if there is one
     */
    public static Optional<Path> findShipped() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SHIPPED_MODEL_DIR);
            if (Files.isRegularFile(candidate.resolve(CONFIG_FILE)) && weightsIn(candidate).isPresent()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Describes a trained model directory.
     *
     * @param dir holds the config, the weights and maybe labels
     * @param scratch where to write a labels file if the directory has none
     * @return the files
     * @throws IOException if a file is missing or cannot be written
     */
    public static ModelFiles fromDirectory(Path dir, Path scratch) throws IOException {
        Path config = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(config)) {
            throw new IOException("Model directory " + dir + " has no " + CONFIG_FILE);
        }
        Path weights = weightsIn(dir).orElseThrow(() -> new IOException(
                "Model directory " + dir + " has neither " + STUDENT_WEIGHTS_FILE + " nor " + WEIGHTS_FILE));
        return fromFiles(config, weights, dir.resolve(LABELS_FILE), dir.toAbsolutePath().normalize().getFileName().toString(),
                scratch);
    }

    /**
     * Describes the dense teacher of a shipped model directory: its backbone without the prediction
     * modules, so its configuration (written to scratch) has no pruning stage.
     *
     * @param dir a shipped model directory with {@value #TEACHER_WEIGHTS_FILE}
     * @param scratch where to write the teacher's configuration (and labels if needed)
     * @return the files, versioned {@code <dir name>-teacher}
     * @throws IOException if a file is missing or cannot be written
     */
    public static ModelFiles teacherOf(Path dir, Path scratch) throws IOException {
        Path config = scratch.resolve("teacher-" + CONFIG_FILE);
        Files.writeString(config, DynamicVitConfig.read(dir.resolve(CONFIG_FILE)).dense().toJson().toPrettyString(),
                StandardCharsets.UTF_8);
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        return fromFiles(config, dir.resolve(TEACHER_WEIGHTS_FILE), dir.resolve(LABELS_FILE), name + "-teacher", scratch);
    }

    private static Optional<Path> weightsIn(Path dir) {
        for (String name : List.of(STUDENT_WEIGHTS_FILE, WEIGHTS_FILE)) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return Optional.of(dir.resolve(name));
            }
        }
        return Optional.empty();
    }

    /**
     * Describes a trained model given file by file.
     *
     * @param config the configuration
     * @param weights the weights
     * @param labels the labels file; if it does not exist, default names are written to scratch
     * @param version the version for results
     * @param scratch where to write a labels file if needed
     * @return the files
     * @throws IOException if the labels cannot be written
     */
    public static ModelFiles fromFiles(Path config, Path weights, Path labels, String version, Path scratch)
            throws IOException {
        Path names = labels != null && Files.isRegularFile(labels)
                ? labels
                : writeLabels(scratch, DynamicVitConfig.read(config).getClassCount());
        return new ModelFiles(config, weights, names, version, true);
    }

    /**
     * Writes a randomly initialised model: right shapes and speed, meaningless answers.
     *
     * @param config the architecture
     * @param dir where to write config, weights and labels
     * @param seed the initialisation seed
     * @return the files, marked untrained
     * @throws IOException if a file cannot be written
     */
    public static ModelFiles random(DynamicVitConfig config, Path dir, int seed) throws IOException {
        Files.createDirectories(dir);
        Path configFile = dir.resolve(CONFIG_FILE);
        Path weights = dir.resolve(WEIGHTS_FILE);
        Files.writeString(configFile, config.toJson().toPrettyString(), StandardCharsets.UTF_8);
        try (DynamicVit model = DynamicVit.initialize(config, seed)) {
            model.save(weights);
        }
        return new ModelFiles(configFile, weights, writeLabels(dir, config.getClassCount()), "random-init-" + seed, false);
    }

    private static Path writeLabels(Path dir, int classes) throws IOException {
        List<String> names = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) {
            names.add(classes == FashionMnist.CLASS_COUNT ? FashionMnist.className(i) : "class " + i);
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(LABELS_FILE);
        Files.write(file, names, StandardCharsets.UTF_8);
        return file;
    }
}
