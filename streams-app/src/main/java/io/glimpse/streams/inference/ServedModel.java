package io.glimpse.streams.inference;

import ai.djl.MalformedModelException;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.precision.Precision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model as the stream serves it: the DynamicViT with its weights in the precision the app is set
 * to, a version string that goes into every result, and the class names. One of these is live at a
 * time; a hot-swap replaces it whole. Every model starts in fp32, so the precision is applied here,
 * where each one is made ready to serve: a swapped-in model cannot quietly serve in another.
 */
public final class ServedModel implements AutoCloseable {

    private final DynamicVit model;
    private final String version;
    private final List<String> labels;

    /**
     * Wraps a loaded model and sets its precision; call it before the model serves, never while it infers.
     *
     * @param model the model; closed with this object
     * @param version the version reported in results
     * @param labels class names by index; must have one per class
     * @param precision the precision to serve in ({@code auto} is resolved against this CPU)
     */
    public ServedModel(DynamicVit model, String version, List<String> labels, Precision precision) {
        int classes = model.getConfig().getClassCount();
        if (labels.size() != classes) {
            throw new IllegalArgumentException(
                    "The model has " + classes + " classes but " + labels.size() + " labels were given");
        }
        this.model = model;
        this.version = version;
        this.labels = List.copyOf(labels);
        model.setPrecision(precision);
    }

    /**
     * Loads a model from files.
     *
     * @param config the configuration file (official keys)
     * @param weights the safetensors weights (official names)
     * @param labels a file with one class name per line, or {@code null} for "class 0", "class 1", ...
     * @param version the version reported in results
     * @param precision the precision to serve in
     * @return the model
     * @throws IOException if a file cannot be read
     * @throws MalformedModelException if the weights do not fit the configuration
     */
    public static ServedModel load(Path config, Path weights, Path labels, String version, Precision precision)
            throws IOException, MalformedModelException {
        DynamicVitConfig cfg = DynamicVitConfig.read(config);
        List<String> names;
        if (labels != null) {
            names = new ArrayList<>();
            for (String line : Files.readAllLines(labels, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        } else {
            names = new ArrayList<>();
            for (int i = 0; i < cfg.getClassCount(); i++) {
                names.add("class " + i);
            }
        }
        DynamicVit model = DynamicVit.load(cfg, weights);
        try {
            return new ServedModel(model, version, names, precision);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public DynamicVit getModel() {
        return model;
    }

    public String getVersion() {
        return version;
    }

    public List<String> getLabels() {
        return labels;
    }

    /**
     * Returns the precision the model runs in, as the model reports it.
     *
     * @return {@code FP32} or {@code BF16}
     */
    public Precision getPrecision() {
        return model.getPrecision();
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        model.close();
    }
}
