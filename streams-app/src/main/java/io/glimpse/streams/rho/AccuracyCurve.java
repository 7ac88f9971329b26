package io.glimpse.streams.rho;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accuracy of the served model at each ρ, and the ρ range it was trained for: what a lower ρ costs
 * in accuracy, so that the controller never pays compute for a ρ that buys none.
 *
 * <p>From a model card ({@code card.json}: the entry of {@code models} named by {@code
 * shipped_student}, whose {@code points} give {@code rho} and {@code accuracy}), linearly
 * interpolated between points, the nearest point's value outside them. A model without a card gets
 * {@link #monotone()}: accuracy taken to rise with ρ, so the highest ρ is preferred, and no trained
 * range is known. Immutable.
 */
public final class AccuracyCurve {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final double[] rhos;
    private final double[] accuracies;
    private final String source;

    private AccuracyCurve(double[] rhos, double[] accuracies, String source) {
        this.rhos = rhos;
        this.accuracies = accuracies;
        this.source = source;
    }

    /**
     * Returns the default for a model without a card: accuracy equal to ρ (only the order matters),
     * trained for all of (0, 1].
     *
     * @return the curve
     */
    public static AccuracyCurve monotone() {
        return new AccuracyCurve(new double[] {0, 1}, new double[] {0, 1}, "default: accuracy rises with ρ");
    }

    /**
     * Builds a curve from measured points.
     *
     * @param points accuracy by ρ, at least one
     * @param source where they come from, for logs
     * @return the curve
     */
    public static AccuracyCurve of(Map<Double, Double> points, String source) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("An accuracy curve needs at least one point");
        }
        TreeMap<Double, Double> sorted = new TreeMap<>(points);
        double[] rhos = new double[sorted.size()];
        double[] accuracies = new double[sorted.size()];
        int i = 0;
        for (Map.Entry<Double, Double> e : sorted.entrySet()) {
            if (!(e.getKey() > 0 && e.getKey() <= 1)) {
                throw new IllegalArgumentException("Keep ratio must be in (0, 1], got " + e.getKey());
            }
            rhos[i] = e.getKey();
            accuracies[i++] = e.getValue();
        }
        return new AccuracyCurve(rhos, accuracies, source);
    }

    /**
     * Reads the shipped student's points from a model card.
     *
     * @param card the card file
     * @return the curve
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the card names no shipped student with points
     */
    public static AccuracyCurve fromCard(Path card) throws IOException {
        JsonNode root = JSON.readTree(card.toFile());
        String shipped = root.path("shipped_student").asText("");
        if (shipped.isEmpty()) {
            throw new IllegalArgumentException(card + " names no shipped_student");
        }
        for (JsonNode model : root.path("models")) {
            if (shipped.equals(model.path("name").asText())) {
                Map<Double, Double> points = new TreeMap<>();
                for (JsonNode p : model.path("points")) {
                    if (p.has("rho") && p.has("accuracy")) {
                        points.put(p.get("rho").asDouble(), p.get("accuracy").asDouble());
                    }
                }
                if (points.isEmpty()) {
                    throw new IllegalArgumentException(card + ": model " + shipped + " has no rho/accuracy points");
                }
                return of(points, card + " (" + shipped + ")");
            }
        }
        throw new IllegalArgumentException(card + ": shipped_student " + shipped + " is not among its models");
    }

    /**
     * Returns the accuracy at ρ.
     *
     * @param rho ρ
     * @return interpolated accuracy (for {@link #monotone()}, ρ itself)
     */
    public double accuracy(double rho) {
        int n = rhos.length;
        if (rho <= rhos[0]) {
            return accuracies[0];
        }
        if (rho >= rhos[n - 1]) {
            return accuracies[n - 1];
        }
        int hi = 1;
        while (rhos[hi] < rho) {
            hi++;
        }
        double t = (rho - rhos[hi - 1]) / (rhos[hi] - rhos[hi - 1]);
        return accuracies[hi - 1] + (accuracies[hi] - accuracies[hi - 1]) * t;
    }

    /**
     * Returns the lowest ρ the model was evaluated (trained) for; a controller never goes below it.
     *
     * @return ρ, or 0 when unknown
     */
    public double trainedMin() {
        return rhos[0];
    }

    /**
     * Returns the highest ρ the model was evaluated for.
     *
     * @return ρ
     */
    public double trainedMax() {
        return rhos[rhos.length - 1];
    }

    public String source() {
        return source;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "AccuracyCurve[" + source + ", ρ " + trainedMin() + "–" + trainedMax() + "]";
    }
}
