package io.glimpse.demo;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The true class of every frame sent and not yet answered, so results can be scored as they come.
 * A label is handed out once: taking it again answers empty, which is how a duplicate result shows.
 * Memory stays bounded by the frames in flight.
 *
 * <p>Thread-safe: the producer records, the result reader takes.
 */
public final class GroundTruth {

    private final Map<FrameKey, Integer> labels = new ConcurrentHashMap<>();

    /**
     * Remembers a frame's label; call it before the frame is sent.
     *
     * @param key the frame
     * @param label its true class index
     */
    public void record(FrameKey key, int label) {
        labels.put(key, label);
    }

    /**
     * Returns and forgets a frame's label.
     *
     * @param key the frame
     * @return its label, or empty if it was never recorded or already taken
     */
    public OptionalInt take(FrameKey key) {
        Integer label = labels.remove(key);
        return label == null ? OptionalInt.empty() : OptionalInt.of(label);
    }

    /**
     * Returns the frames recorded but not yet answered.
     *
     * @return the count
     */
    public int pending() {
        return labels.size();
    }
}
