package io.glimpse.schemas.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glimpse.schemas.avro.RhoAccuracy;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model version ready to publish: its weights file and everything a follower must know to load and
 * judge it (the manifest's fields, before the file is cut into chunks). Immutable: the weights and the
 * accuracy records are copied in and out, so a package handed to a publisher cannot change under it.
 */
public final class ModelPackage {

    /** The weights format unless told otherwise. */
    public static final String DEFAULT_WEIGHTS_FORMAT = "safetensors";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String version;
    private final String architecture;
    private final String configJson;
    private final String weightsFormat;
    private final List<String> classLabels;
    private final List<RhoAccuracy> accuracy;
    private final Map<String, Double> metrics;
    private final byte[] weights;

    private ModelPackage(Builder b) {
        this.version = b.version;
        this.architecture = b.architecture;
        this.configJson = b.configJson;
        this.weightsFormat = b.weightsFormat;
        this.classLabels = b.classLabels;
        this.accuracy = b.accuracy;
        this.metrics = b.metrics;
        this.weights = b.weights;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String getVersion() {
        return version;
    }

    public String getArchitecture() {
        return architecture;
    }

    /** The model configuration, a JSON object. */
    public String getConfigJson() {
        return configJson;
    }

    public String getWeightsFormat() {
        return weightsFormat;
    }

    public List<String> getClassLabels() {
        return classLabels;
    }

    /** Copies of the accuracy records (Avro records are mutable). */
    public List<RhoAccuracy> getAccuracy() {
        return copies(accuracy);
    }

    public Map<String, Double> getMetrics() {
        return metrics;
    }

    /** A copy of the weights file. */
    public byte[] getWeights() {
        return weights.clone();
    }

    /** The size of the weights file, in bytes. */
    public int getWeightsSize() {
        return weights.length;
    }

    /** The weights themselves, for this package's chunker only: it reads them and copies what it keeps. */
    byte[] weightsView() {
        return weights;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelPackage p && version.equals(p.version) && architecture.equals(p.architecture)
                && configJson.equals(p.configJson) && weightsFormat.equals(p.weightsFormat)
                && classLabels.equals(p.classLabels) && accuracy.equals(p.accuracy) && metrics.equals(p.metrics)
                && Arrays.equals(weights, p.weights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, architecture, Arrays.hashCode(weights));
    }

    @Override
    public String toString() {
        return "ModelPackage[" + version + ", " + architecture + ", " + weights.length + " bytes " + weightsFormat + "]";
    }

    private static List<RhoAccuracy> copies(List<RhoAccuracy> records) {
        return records.stream().map(r -> RhoAccuracy.newBuilder(r).build()).toList();
    }

    /** Configures a {@link ModelPackage}: version, architecture, configJson and weights are required. */
    public static final class Builder {

        private String version;
        private String architecture;
        private String configJson;
        private String weightsFormat = DEFAULT_WEIGHTS_FORMAT;
        private List<String> classLabels = List.of();
        private List<RhoAccuracy> accuracy = List.of();
        private Map<String, Double> metrics = Map.of();
        private byte[] weights;

        private Builder() {}

        /** The version, unique on the models topic; see {@link ModelsTopic#requireValidVersion}. */
        public Builder setVersion(String version) {
            this.version = ModelsTopic.requireValidVersion(version);
            return this;
        }

        /** Model family and size, e.g. {@code dynamicvit}. */
        public Builder setArchitecture(String architecture) {
            this.architecture = requireText(architecture, "architecture");
            return this;
        }

        /** The model configuration; must be a JSON object. */
        public Builder setConfigJson(String configJson) {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(requireText(configJson, "configJson"));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("configJson is not JSON: " + e.getOriginalMessage(), e);
            }
            if (parsed == null || !parsed.isObject()) {
                throw new IllegalArgumentException("configJson must be a JSON object");
            }
            this.configJson = configJson;
            return this;
        }

        /** The weights file (copied); must not be empty. */
        public Builder setWeights(byte[] weights) {
            Objects.requireNonNull(weights, "weights");
            if (weights.length == 0) {
                throw new IllegalArgumentException("the weights file is empty");
            }
            this.weights = weights.clone();
            return this;
        }

        /** {@value #DEFAULT_WEIGHTS_FORMAT} by default. */
        public Builder optWeightsFormat(String weightsFormat) {
            this.weightsFormat = requireText(weightsFormat, "weightsFormat");
            return this;
        }

        /** Class names in output-index order; none by default. */
        public Builder optClassLabels(List<String> classLabels) {
            this.classLabels = List.copyOf(classLabels);
            return this;
        }

        /** Accuracy per keep ratio (copied); none by default. */
        public Builder optAccuracy(List<RhoAccuracy> accuracy) {
            this.accuracy = copies(List.copyOf(accuracy));
            return this;
        }

        /** Further numbers by name, kept in the given order; none by default. */
        public Builder optMetrics(Map<String, Double> metrics) {
            Map<String, Double> copy = new LinkedHashMap<>();
            metrics.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "metric name"),
                    Objects.requireNonNull(value, () -> "metric " + name)));
            this.metrics = Collections.unmodifiableMap(copy);
            return this;
        }

        public ModelPackage build() {
            for (Object[] required : new Object[][] {{version, "setVersion"}, {architecture, "setArchitecture"},
                    {configJson, "setConfigJson"}, {weights, "setWeights"}}) {
                if (required[0] == null) {
                    throw new IllegalStateException(required[1] + " is required");
                }
            }
            return new ModelPackage(this);
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
