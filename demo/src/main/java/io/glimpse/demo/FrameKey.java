package io.glimpse.demo;

import java.util.Objects;

/**
 * Identifies one frame across the pipeline: a frame and its result carry the same stream id and
 * sequence, so this is how a result finds the frame's true label.
 *
 * @param streamId the camera
 * @param sequence the frame's number within its stream
 */
public record FrameKey(String streamId, long sequence) {

    /** Checks the stream id is present. */
    public FrameKey {
        Objects.requireNonNull(streamId, "streamId");
    }
}
