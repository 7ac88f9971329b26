package io.glimpse.clients.view;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.VideoFrame;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Joins one camera's frames and results by sequence number. The two come from different topics, so
 * either may arrive first: a frame waits for its result, a result without its frame is passed on at
 * once (shown without the picture) and remembered, so that a late frame can still be attached. Both
 * waiting rooms are bounded, oldest out first: the view never holds more than {@code capacity}
 * frames per camera, whatever the lag between the topics. Not thread-safe: one reader owns it.
 */
public final class FrameJoin {

    private final int capacity;
    private final Map<Long, VideoFrame> frames;
    private final Map<Long, FrameResult> unmatched;

    /**
     * Creates an empty join.
     *
     * @param capacity most frames, and most frameless results, kept; at least 1
     */
    public FrameJoin(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.frames = bounded(capacity);
        this.unmatched = bounded(capacity);
    }

    /**
     * Takes a frame.
     *
     * @param frame the frame
     * @return its result with it, when the result came first; empty when the frame now waits
     */
    public Optional<Joined> onFrame(VideoFrame frame) {
        FrameResult early = unmatched.remove(frame.getSequence());
        if (early != null) {
            return Optional.of(new Joined(early, frame));
        }
        frames.put(frame.getSequence(), frame);
        return Optional.empty();
    }

    /**
     * Takes a result.
     *
     * @param result the result
     * @return the result with its frame, or without one when the frame is not (or no longer) here
     */
    public Joined onResult(FrameResult result) {
        VideoFrame frame = frames.remove(result.getSequence());
        if (frame == null) {
            unmatched.put(result.getSequence(), result);
        }
        return new Joined(result, frame);
    }

    /**
     * Returns the frames waiting for their results.
     *
     * @return at most the capacity
     */
    public int waitingFrames() {
        return frames.size();
    }

    /**
     * Returns the results waiting for a late frame.
     *
     * @return at most the capacity
     */
    public int waitingResults() {
        return unmatched.size();
    }

    /**
     * Returns the bound of each waiting room.
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }

    private static <V> Map<Long, V> bounded(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
