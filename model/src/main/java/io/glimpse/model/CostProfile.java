package io.glimpse.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Measured service time of one batch (milliseconds, wall clock of the model call) on a grid of
 * batch sizes × keep ratios ρ, interpolated in between. It is what a load-based ρ controller
 * predicts with: analytic MACs ({@link CostModel}) say what a ρ should save, this says what it does
 * save on the machine that measured it.
 *
 * <p>Between grid points the time is interpolated linearly in both batch size and ρ. Beyond the
 * largest batch it is extrapolated from the last two batch sizes (the marginal cost of a frame);
 * below the smallest, and outside the measured ρ range, the nearest measured value is used, which
 * over-predicts rather than under-predicts. Immutable; written as JSON by {@code glimpse model bench
 * --write-profile}:
 *
 * <pre>{"description": "...", "points": [{"batch": 1, "rho": 0.5, "millis": 2.1}, ...]}</pre>
 */
public final class CostProfile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String description;
    private final int[] batchSizes;
    private final double[] keepRatios;
    /** [batch index][ρ index]. */
    private final double[][] millis;

    private CostProfile(String description, int[] batchSizes, double[] keepRatios, double[][] millis) {
        this.description = description;
        this.batchSizes = batchSizes;
        this.keepRatios = keepRatios;
        this.millis = millis;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Predicts the service time of one batch.
     *
     * @param batchSize frames in the batch, at least 1
     * @param keepRatio ρ
     * @return milliseconds, positive
     */
    public double predictMillis(int batchSize, double keepRatio) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("A batch holds at least one frame, got " + batchSize);
        }
        int n = batchSizes.length;
        if (batchSize <= batchSizes[0]) {
            return atRho(0, keepRatio);
        }
        if (batchSize >= batchSizes[n - 1]) {
            double last = atRho(n - 1, keepRatio);
            if (batchSize == batchSizes[n - 1]) {
                return last;
            }
            double perFrame = n == 1
                    ? last / batchSizes[0]
                    : (last - atRho(n - 2, keepRatio)) / (batchSizes[n - 1] - batchSizes[n - 2]);
            // A noisy slope must not make a larger batch cheap: a frame costs at least half the
            // average frame of the largest measured batch.
            perFrame = Math.max(perFrame, 0.5 * last / batchSizes[n - 1]);
            return last + perFrame * (batchSize - batchSizes[n - 1]);
        }
        int hi = 1;
        while (batchSizes[hi] < batchSize) {
            hi++;
        }
        double t = (double) (batchSize - batchSizes[hi - 1]) / (batchSizes[hi] - batchSizes[hi - 1]);
        return lerp(atRho(hi - 1, keepRatio), atRho(hi, keepRatio), t);
    }

    private double atRho(int batchIndex, double keepRatio) {
        double[] row = millis[batchIndex];
        int n = keepRatios.length;
        if (keepRatio <= keepRatios[0]) {
            return row[0];
        }
        if (keepRatio >= keepRatios[n - 1]) {
            return row[n - 1];
        }
        int hi = 1;
        while (keepRatios[hi] < keepRatio) {
            hi++;
        }
        double t = (keepRatio - keepRatios[hi - 1]) / (keepRatios[hi] - keepRatios[hi - 1]);
        return lerp(row[hi - 1], row[hi], t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    /**
     * Returns this profile with every time multiplied by a factor (a slower or faster machine).
     *
     * @param factor positive
     * @return a new profile
     */
    public CostProfile scaled(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("Scale factor must be positive, got " + factor);
        }
        double[][] scaled = new double[millis.length][];
        for (int i = 0; i < millis.length; i++) {
            scaled[i] = millis[i].clone();
            for (int j = 0; j < scaled[i].length; j++) {
                scaled[i][j] *= factor;
            }
        }
        return new CostProfile(description + " × " + factor, batchSizes, keepRatios, scaled);
    }

    public String getDescription() {
        return description;
    }

    /**
     * Returns the measured batch sizes, ascending.
     *
     * @return a copy
     */
    public int[] getBatchSizes() {
        return batchSizes.clone();
    }

    /**
     * Returns the measured keep ratios, ascending.
     *
     * @return a copy
     */
    public double[] getKeepRatios() {
        return keepRatios.clone();
    }

    /**
     * Serialises the profile.
     *
     * @return JSON text
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("description", description);
        root.put("unit", "milliseconds per batch");
        ArrayNode points = root.putArray("points");
        for (int i = 0; i < batchSizes.length; i++) {
            for (int j = 0; j < keepRatios.length; j++) {
                points.addObject().put("batch", batchSizes[i]).put("rho", keepRatios[j]).put("millis", millis[i][j]);
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a profile.
     *
     * @param json the text written by {@link #toJson}
     * @return the profile
     * @throws IllegalArgumentException if the text is not a complete profile
     */
    public static CostProfile fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("A cost profile must be JSON: " + e.getMessage(), e);
        }
        JsonNode points = root == null ? null : root.get("points");
        if (points == null || !points.isArray()) {
            throw new IllegalArgumentException("A cost profile needs a \"points\" array");
        }
        Builder builder = builder().optDescription(root.path("description").asText(""));
        for (JsonNode p : points) {
            if (!p.has("batch") || !p.has("rho") || !p.has("millis")) {
                throw new IllegalArgumentException("Each cost profile point needs batch, rho and millis, got " + p);
            }
            builder.addPoint(p.get("batch").asInt(), p.get("rho").asDouble(), p.get("millis").asDouble());
        }
        return builder.build();
    }

    /**
     * Reads a profile file.
     *
     * @param path the file
     * @return the profile
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it is not a complete profile
     */
    public static CostProfile read(Path path) throws IOException {
        try {
            return fromJson(Files.readString(path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the profile as JSON.
     *
     * @param path the file, replaced if present
     * @throws IOException if it cannot be written
     */
    public void write(Path path) throws IOException {
        Files.writeString(path, toJson() + System.lineSeparator());
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("CostProfile[").append(description).append("; ms per batch");
        for (int i = 0; i < batchSizes.length; i++) {
            text.append("; batch ").append(batchSizes[i]).append(':');
            for (int j = 0; j < keepRatios.length; j++) {
                text.append(String.format(" ρ %.2f %.2f", keepRatios[j], millis[i][j]));
            }
        }
        return text.append(']').toString();
    }

    /** Builds a {@link CostProfile} from measured points that cover a full grid. */
    public static final class Builder {
        private String description = "";
        private final Map<Integer, Map<Double, Double>> points = new TreeMap<>();

        Builder() {}

        public Builder optDescription(String description) {
            this.description = description;
            return this;
        }

        /**
         * Adds a measured point; a second point for the same cell replaces the first.
         *
         * @param batchSize at least 1
         * @param keepRatio ρ in (0, 1]
         * @param millis service time of the batch, positive
         * @return this builder
         */
        public Builder addPoint(int batchSize, double keepRatio, double millis) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("A batch holds at least one frame, got " + batchSize);
            }
            if (!(keepRatio > 0 && keepRatio <= 1)) {
                throw new IllegalArgumentException("Keep ratio must be in (0, 1], got " + keepRatio);
            }
            if (!(millis > 0) || Double.isInfinite(millis)) {
                throw new IllegalArgumentException("A batch takes a positive, finite time, got " + millis + " ms");
            }
            points.computeIfAbsent(batchSize, b -> new TreeMap<>()).put(keepRatio, millis);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the profile
         * @throws IllegalArgumentException if there is no point or a cell of the grid is missing
         */
        public CostProfile build() {
            if (points.isEmpty()) {
                throw new IllegalArgumentException("A cost profile needs at least one point");
            }
            TreeSet<Double> rhos = new TreeSet<>();
            points.values().forEach(row -> rhos.addAll(row.keySet()));
            int[] batches = points.keySet().stream().mapToInt(Integer::intValue).toArray();
            double[] ratios = rhos.stream().mapToDouble(Double::doubleValue).toArray();
            double[][] millis = new double[batches.length][ratios.length];
            for (int i = 0; i < batches.length; i++) {
                Map<Double, Double> row = points.get(batches[i]);
                for (int j = 0; j < ratios.length; j++) {
                    Double t = row.get(ratios[j]);
                    if (t == null) {
                        throw new IllegalArgumentException("A cost profile needs every batch size at every ρ: batch "
                                + batches[i] + " lacks ρ " + ratios[j] + " (ρ " + Arrays.toString(ratios) + ")");
                    }
                    millis[i][j] = t;
                }
            }
            return new CostProfile(description, batches, ratios, millis);
        }
    }
}
