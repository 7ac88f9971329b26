package io.glimpse.trainer.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.glimpse.schemas.avro.RhoAccuracy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One model's measurements from a model card ({@code card.json}, written by {@code glimpse train
 * evaluate}), as a manifest carries them: top-1 accuracy per keep ratio with its cost, and the
 * evaluation's size and speed as metrics. GFLOPs are twice the card's GMACs (one multiply-accumulate
 * is two floating-point operations, as {@code glimpse model bench} counts).
 *
 * @param entry the card entry the numbers come from
 * @param accuracy one record per ρ the card measured
 * @param metrics {@code testFrames} and {@code imagesPerSecond@<ρ>}
 */
record CardAccuracy(String entry, List<RhoAccuracy> accuracy, Map<String, Double> metrics) {

    /** The card key naming the entry of the student that was shipped. */
    static final String SHIPPED_STUDENT = "shipped_student";
    /** The entry of the dense teacher. */
    static final String TEACHER = "teacher";

    private static final ObjectMapper JSON = new ObjectMapper();

    CardAccuracy {
        accuracy = List.copyOf(accuracy);
        metrics = Map.copyOf(metrics);
    }

    /**
     * Reads one entry of a card.
     *
     * @param card the card.json file
     * @param entry the entry's name in {@code models}, or null for the card's shipped student
     * @return the entry's numbers
     * @throws IOException if the card cannot be read, or has no such entry
     */
    static CardAccuracy read(Path card, String entry) throws IOException {
        JsonNode root = JSON.readTree(card.toFile());
        String name = entry;
        if (name == null) {
            name = root.path(SHIPPED_STUDENT).asText(null);
            if (name == null) {
                throw new IOException(card + " names no " + SHIPPED_STUDENT + "; choose an entry with --card-entry");
            }
        }
        List<String> names = new ArrayList<>();
        for (JsonNode model : root.path("models")) {
            String modelName = model.path("name").asText();
            names.add(modelName);
            if (modelName.equals(name)) {
                return of(name, model, root.path("test_frames"));
            }
        }
        throw new IOException(card + " has no model entry '" + name + "' (entries: " + String.join(", ", names) + ")");
    }

    private static CardAccuracy of(String name, JsonNode model, JsonNode testFrames) {
        List<RhoAccuracy> accuracy = new ArrayList<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (testFrames.isNumber()) {
            metrics.put("testFrames", testFrames.asDouble());
        }
        for (JsonNode point : model.path("points")) {
            double rho = point.path("rho").asDouble();
            JsonNode gmacs = point.path("gmacs");
            accuracy.add(RhoAccuracy.newBuilder()
                    .setKeepRatio((float) rho)
                    .setTop1((float) point.path("accuracy").asDouble())
                    .setTop5(null)
                    .setGflops(gmacs.isNumber() ? (float) (2 * gmacs.asDouble()) : null)
                    .build());
            JsonNode speed = point.path("images_per_second");
            if (speed.isNumber()) {
                metrics.put(String.format(Locale.ROOT, "imagesPerSecond@%.2f", rho), speed.asDouble());
            }
        }
        return new CardAccuracy(name, accuracy, metrics);
    }
}
