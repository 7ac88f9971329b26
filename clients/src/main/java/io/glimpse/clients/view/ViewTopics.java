package io.glimpse.clients.view;

import java.util.List;
import java.util.Objects;

/**
 * The topics the view reads, as the app's {@code glimpse.input.topic}, {@code glimpse.output.topic}
 * and {@code glimpse.dlq.topic} name them.
 *
 * @param frames the VideoFrame topic
 * @param results the FrameResult topic
 * @param deadLetters the dead-letter topic
 */
public record ViewTopics(String frames, String results, String deadLetters) {

    /** The app's default names. */
    public static final ViewTopics DEFAULTS = new ViewTopics("glimpse.frames", "glimpse.results", "glimpse.frames.dlq");

    /** Checks every name is present. */
    public ViewTopics {
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /**
     * Returns the three names.
     *
     * @return frames, results, dead letters
     */
    public List<String> all() {
        return List.of(frames, results, deadLetters);
    }
}
