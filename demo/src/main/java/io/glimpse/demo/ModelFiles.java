package io.glimpse.demo;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files of a model the demo serves, and whether it was trained: a random model still shows
 * throughput and latency, but its labels mean nothing, and the view says so.
 *
 * @param config the model configuration (JSON, official keys)
 * @param weights the safetensors weights
 * @param labels one class name per line
 * @param version the version written into results
 * @param trained false for a randomly initialised stand-in
 */
public record ModelFiles(Path config, Path weights, Path labels, String version, boolean trained) {

    /** Checks every part is present. */
    public ModelFiles {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(version, "version");
    }
}
