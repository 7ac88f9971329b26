package io.glimpse.demo;

import io.glimpse.model.DynamicVitConfig;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The model options the demo and the benchmark share: a model directory, or files one by one, or
 * else the shipped model, or else a random stand-in (with a warning).
 */
public final class ModelOptions {

    @Option(names = "--model-dir", description = "Model directory (config.json, student.safetensors or model.safetensors, labels.txt). "
            + "Default: the shipped model, else a random model.")
    Path modelDir;

    @Option(names = "--model-config", description = "Model configuration (JSON); with --model-weights.")
    Path modelConfig;

    @Option(names = "--model-weights", description = "Model weights (safetensors); with --model-config.")
    Path modelWeights;

    @Option(names = "--model-labels", description = "Class names, one per line.")
    Path modelLabels;

    @Option(names = "--random-preset", paramLabel = "PRESET",
            description = "A randomly initialised model of a preset architecture instead: deit-ti, deit-s or deit-b (224/16).")
    String randomPreset;

    /**
     * Says whether no model was chosen, so the shipped one (or a random stand-in) serves.
     *
     * @return true without any model option
     */
    public boolean isDefault() {
        return randomPreset == null && modelConfig == null && modelWeights == null && modelDir == null;
    }

    /**
     * Resolves the options to model files, warning on {@code err} when falling back to a random model.
     *
     * @param scratch a directory for generated files
     * @param err where the warning goes
     * @return the files
     * @throws IOException if a given model is incomplete or a file cannot be written
     */
    public ModelFiles resolve(Path scratch, PrintStream err) throws IOException {
        if (randomPreset != null) {
            return DemoModel.random(DynamicVitConfig.preset(randomPreset), scratch.resolve("random-" + randomPreset), 42);
        }
        if (modelConfig != null || modelWeights != null) {
            if (modelConfig == null || modelWeights == null) {
                throw new IllegalArgumentException("--model-config and --model-weights go together");
            }
            String version = modelWeights.getFileName().toString().replaceFirst("\\.safetensors$", "");
            return DemoModel.fromFiles(modelConfig, modelWeights, modelLabels, version, scratch);
        }
        Optional<Path> dir = modelDir != null ? Optional.of(modelDir) : DemoModel.findShipped();
        if (dir.isPresent()) {
            return DemoModel.fromDirectory(dir.get(), scratch);
        }
        err.println("WARNING: no trained model found (looked for " + DemoModel.SHIPPED_MODEL_DIR
                + "): labels are random. Serving a randomly initialised model of the fixture architecture.");
        return DemoModel.random(DemoModel.FIXTURE_ARCHITECTURE, scratch.resolve("random-model"), 42);
    }
}
