package io.glimpse.resize;

import java.util.Locale;

/**
 * How a frame of another size than the model's input becomes the input. Cameras send 640×480 or
 * 1280×720; the model takes what it was trained on (64×64 for the shipped model).
 */
public enum ResizePolicy {
    /** Scale the whole frame to fit inside the input, keeping its aspect ratio, and pad the rest (letterbox). */
    FIT,
    /** Scale the frame to cover the input, keeping its aspect ratio, and cut the overhang equally on both sides. */
    CROP,
    /** Scale each axis on its own to the input; the picture is distorted when the aspect ratios differ. */
    STRETCH,
    /** Accept only frames of the input's exact size; others are dead letters ({@code WRONG_SIZE}). */
    EXACT;

    /**
     * Parses a setting value.
     *
     * @param value {@code fit}, {@code crop}, {@code stretch} or {@code exact}, any case
     * @return the policy
     * @throws IllegalArgumentException naming the values allowed
     */
    public static ResizePolicy of(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown resize policy '" + value + "'; use fit, crop, stretch or exact", e);
        }
    }
}
