package io.glimpse.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * The architecture of a DeiT-structured DynamicViT, immutable once built.
 *
 * <p>Any image size and patch grid is allowed (the official code only runs 196 patches); the
 * keep ratio is deliberately not part of the configuration: it is chosen per batch at inference
 * time. Keys in {@link #fromJson(JsonNode)} follow the official constructor arguments ({@code
 * img_size}, {@code patch_size}, {@code embed_dim}, {@code pruning_loc}, ...).
 */
public final class DynamicVitConfig {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN_KEYS =
            Set.of(
                    "img_size",
                    "patch_size",
                    "in_chans",
                    "embed_dim",
                    "depth",
                    "num_heads",
                    "mlp_ratio",
                    "qkv_bias",
                    "num_classes",
                    "pruning_loc",
                    "num_patches",
                    "layernorm_eps_backbone",
                    "layernorm_eps_predictor",
                    "gelu");

    private final int imageHeight;
    private final int imageWidth;
    private final int patchSize;
    private final int channels;
    private final int embeddingSize;
    private final int depth;
    private final int headCount;
    private final double mlpRatio;
    private final boolean qkvBias;
    private final int classCount;
    private final int[] pruneAt;
    private final float backboneEpsilon;
    private final float predictorEpsilon;

    private DynamicVitConfig(Builder b) {
        imageHeight = b.imageHeight;
        imageWidth = b.imageWidth;
        patchSize = b.patchSize;
        channels = b.channels;
        embeddingSize = b.embeddingSize;
        depth = b.depth;
        headCount = b.headCount;
        mlpRatio = b.mlpRatio;
        qkvBias = b.qkvBias;
        classCount = b.classCount;
        pruneAt = b.pruneAt.clone();
        backboneEpsilon = b.backboneEpsilon;
        predictorEpsilon = b.predictorEpsilon;
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with DeiT defaults for the optional values
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a named preset: {@code deit-ti}, {@code deit-s} or {@code deit-b} (224/16, pruning
     * after blocks 3, 6 and 9, 1000 classes, as in the paper).
     *
     * @param name the preset name
     * @return the configuration
     */
    public static DynamicVitConfig preset(String name) {
        Builder b = builder().setImageSize(224).setPatchSize(16).setDepth(12).setClassCount(1000);
        switch (name.toLowerCase()) {
            case "deit-ti":
            case "deit-tiny":
                return b.setEmbeddingSize(192).setHeadCount(3).build();
            case "deit-s":
            case "deit-small":
                return b.setEmbeddingSize(384).setHeadCount(6).build();
            case "deit-b":
            case "deit-base":
                return b.setEmbeddingSize(768).setHeadCount(12).build();
            default:
                throw new IllegalArgumentException(
                        "Unknown preset '" + name + "'; known presets: deit-ti, deit-s, deit-b");
        }
    }

    /**
     * Reads a configuration file: either the model object itself or a document with a {@code
     * model} object (the layout of the reference fixture's {@code config.json}).
     *
     * @param path the JSON file
     * @return the configuration
     * @throws IOException if the file cannot be read
     */
    public static DynamicVitConfig read(Path path) throws IOException {
        try {
            return fromJson(JSON.readTree(path.toFile()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds a configuration from official-style keys.
     *
     * @param root the model object, or a document holding one under {@code model}
     * @return the configuration
     */
    public static DynamicVitConfig fromJson(JsonNode root) {
        JsonNode node = root.has("model") ? root.get("model") : root;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KNOWN_KEYS.contains(key)) {
                throw new IllegalArgumentException("Unknown model configuration key '" + key + "'");
            }
        }
        Builder b = builder();
        int[] size = pair(required(node, "img_size"), "img_size");
        b.setImageSize(size[0], size[1]);
        int[] patch = pair(required(node, "patch_size"), "patch_size");
        if (patch[0] != patch[1]) {
            throw new IllegalArgumentException("Only square patches are supported, got " + node.get("patch_size"));
        }
        b.setPatchSize(patch[0]);
        b.setEmbeddingSize(required(node, "embed_dim").asInt());
        b.setDepth(required(node, "depth").asInt());
        b.setHeadCount(required(node, "num_heads").asInt());
        b.setClassCount(required(node, "num_classes").asInt());
        if (node.has("in_chans")) {
            b.optChannels(node.get("in_chans").asInt());
        }
        if (node.has("mlp_ratio")) {
            b.optMlpRatio(node.get("mlp_ratio").asDouble());
        }
        if (node.has("qkv_bias")) {
            b.optQkvBias(node.get("qkv_bias").asBoolean());
        }
        if (node.has("pruning_loc")) {
            JsonNode locs = node.get("pruning_loc");
            int[] at = new int[locs.size()];
            for (int i = 0; i < at.length; i++) {
                at[i] = locs.get(i).asInt();
            }
            b.optPruneAt(at);
        }
        if (node.has("layernorm_eps_backbone")) {
            b.optBackboneEpsilon((float) node.get("layernorm_eps_backbone").asDouble());
        }
        if (node.has("layernorm_eps_predictor")) {
            b.optPredictorEpsilon((float) node.get("layernorm_eps_predictor").asDouble());
        }
        DynamicVitConfig config = b.build();
        if (node.has("num_patches") && node.get("num_patches").asInt() != config.getPatchCount()) {
            throw new IllegalArgumentException(
                    "num_patches " + node.get("num_patches").asInt() + " does not match img_size/patch_size ("
                            + config.getPatchCount() + ")");
        }
        return config;
    }

    private static JsonNode required(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("Missing model configuration key '" + key + "'");
        }
        return value;
    }

    private static int[] pair(JsonNode value, String key) {
        if (value.isArray()) {
            if (value.size() != 2) {
                throw new IllegalArgumentException(key + " must be an int or a pair, got " + value);
            }
            return new int[] {value.get(0).asInt(), value.get(1).asInt()};
        }
        return new int[] {value.asInt(), value.asInt()};
    }

    /**
     * Writes this configuration with official keys, readable by {@link #fromJson(JsonNode)}.
     *
     * @return a JSON object
     */
    public ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        if (imageHeight == imageWidth) {
            node.put("img_size", imageHeight);
        } else {
            node.putArray("img_size").add(imageHeight).add(imageWidth);
        }
        node.put("patch_size", patchSize);
        node.put("in_chans", channels);
        node.put("embed_dim", embeddingSize);
        node.put("depth", depth);
        node.put("num_heads", headCount);
        node.put("mlp_ratio", mlpRatio);
        node.put("qkv_bias", qkvBias);
        node.put("num_classes", classCount);
        ArrayNode locs = node.putArray("pruning_loc");
        for (int at : pruneAt) {
            locs.add(at);
        }
        node.put("num_patches", getPatchCount());
        node.put("layernorm_eps_backbone", backboneEpsilon);
        node.put("layernorm_eps_predictor", predictorEpsilon);
        return node;
    }

    /**
     * Returns the dense backbone of this model: same shapes, no prediction modules. This is the
     * teacher of the distilled fine-tune.
     *
     * @return the configuration without pruning locations
     */
    public DynamicVitConfig dense() {
        return toBuilder().optPruneAt().build();
    }

    /**
     * Returns a builder initialised with this configuration.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return builder()
                .setImageSize(imageHeight, imageWidth)
                .setPatchSize(patchSize)
                .optChannels(channels)
                .setEmbeddingSize(embeddingSize)
                .setDepth(depth)
                .setHeadCount(headCount)
                .optMlpRatio(mlpRatio)
                .optQkvBias(qkvBias)
                .setClassCount(classCount)
                .optPruneAt(pruneAt)
                .optBackboneEpsilon(backboneEpsilon)
                .optPredictorEpsilon(predictorEpsilon);
    }

    public int getImageHeight() {
        return imageHeight;
    }

    public int getImageWidth() {
        return imageWidth;
    }

    public int getPatchSize() {
        return patchSize;
    }

    public int getChannels() {
        return channels;
    }

    public int getEmbeddingSize() {
        return embeddingSize;
    }

    public int getDepth() {
        return depth;
    }

    public int getHeadCount() {
        return headCount;
    }

    public double getMlpRatio() {
        return mlpRatio;
    }

    /**
     * Returns the hidden width of the MLP, {@code int(embed_dim * mlp_ratio)} as timm computes it.
     *
     * @return the MLP hidden width
     */
    public int getMlpHiddenSize() {
        return (int) (embeddingSize * mlpRatio);
    }

    public boolean hasQkvBias() {
        return qkvBias;
    }

    public int getClassCount() {
        return classCount;
    }

    /**
     * Returns the 0-based block indices before which a prediction module runs.
     *
     * @return a copy of the pruning locations, ascending
     */
    public int[] getPruneAt() {
        return pruneAt.clone();
    }

    /**
     * Returns the number of pruning stages.
     *
     * @return the stage count
     */
    public int getStageCount() {
        return pruneAt.length;
    }

    public float getBackboneEpsilon() {
        return backboneEpsilon;
    }

    public float getPredictorEpsilon() {
        return predictorEpsilon;
    }

    public int getGridRows() {
        return imageHeight / patchSize;
    }

    public int getGridColumns() {
        return imageWidth / patchSize;
    }

    /**
     * Returns N0, the number of patch tokens (cls not counted).
     *
     * @return the patch count
     */
    public int getPatchCount() {
        return getGridRows() * getGridColumns();
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        return o instanceof DynamicVitConfig && toJson().equals(((DynamicVitConfig) o).toJson());
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return Objects.hash(toJson());
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return toJson().toString();
    }

    /** Builds a {@link DynamicVitConfig}; {@code set} values are required, {@code opt} ones not. */
    public static final class Builder {
        private int imageHeight;
        private int imageWidth;
        private int patchSize;
        private int channels = 3;
        private int embeddingSize;
        private int depth;
        private int headCount;
        private double mlpRatio = 4.0;
        private boolean qkvBias = true;
        private int classCount;
        private int[] pruneAt = {3, 6, 9};
        private float backboneEpsilon = 1e-6f;
        private float predictorEpsilon = 1e-5f;

        Builder() {}

        public Builder setImageSize(int size) {
            return setImageSize(size, size);
        }

        public Builder setImageSize(int height, int width) {
            imageHeight = height;
            imageWidth = width;
            return this;
        }

        public Builder setPatchSize(int patchSize) {
            this.patchSize = patchSize;
            return this;
        }

        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        public Builder setEmbeddingSize(int embeddingSize) {
            this.embeddingSize = embeddingSize;
            return this;
        }

        public Builder setDepth(int depth) {
            this.depth = depth;
            return this;
        }

        public Builder setHeadCount(int headCount) {
            this.headCount = headCount;
            return this;
        }

        public Builder optMlpRatio(double mlpRatio) {
            this.mlpRatio = mlpRatio;
            return this;
        }

        public Builder optQkvBias(boolean qkvBias) {
            this.qkvBias = qkvBias;
            return this;
        }

        public Builder setClassCount(int classCount) {
            this.classCount = classCount;
            return this;
        }

        /**
         * Sets the 0-based blocks before which a prediction module runs; none gives the dense
         * backbone.
         *
         * @param blocks strictly ascending block indices in [1, depth)
         * @return this builder
         */
        public Builder optPruneAt(int... blocks) {
            this.pruneAt = blocks.clone();
            return this;
        }

        public Builder optBackboneEpsilon(float epsilon) {
            this.backboneEpsilon = epsilon;
            return this;
        }

        public Builder optPredictorEpsilon(float epsilon) {
            this.predictorEpsilon = epsilon;
            return this;
        }

        /**
         * Validates and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if a value or a combination is invalid
         */
        public DynamicVitConfig build() {
            positive("image height", imageHeight);
            positive("image width", imageWidth);
            positive("patch size", patchSize);
            positive("channels", channels);
            positive("embedding size", embeddingSize);
            positive("depth", depth);
            positive("head count", headCount);
            positive("class count", classCount);
            if (imageHeight % patchSize != 0 || imageWidth % patchSize != 0) {
                throw new IllegalArgumentException(
                        "Image size " + imageHeight + "x" + imageWidth + " is not a multiple of the patch size "
                                + patchSize);
            }
            if (embeddingSize % headCount != 0) {
                throw new IllegalArgumentException(
                        "Embedding size " + embeddingSize + " is not divisible by the head count " + headCount);
            }
            if (!(mlpRatio > 0) || (int) (embeddingSize * mlpRatio) < 1) {
                throw new IllegalArgumentException("MLP ratio must give a hidden width >= 1, got " + mlpRatio);
            }
            if (pruneAt.length > 0 && (embeddingSize % 2 != 0 || embeddingSize / 4 < 1)) {
                throw new IllegalArgumentException(
                        "Prediction modules split the embedding in halves: it must be even and >= 4, got "
                                + embeddingSize);
            }
            for (int i = 0; i < pruneAt.length; i++) {
                if (pruneAt[i] < 1 || pruneAt[i] >= depth) {
                    throw new IllegalArgumentException(
                            "Pruning location " + pruneAt[i] + " is outside [1, depth=" + depth + ")");
                }
                if (i > 0 && pruneAt[i] <= pruneAt[i - 1]) {
                    throw new IllegalArgumentException(
                            "Pruning locations must be strictly ascending: " + Arrays.toString(pruneAt));
                }
            }
            return new DynamicVitConfig(this);
        }

        private static void positive(String what, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
        }
    }
}
