package io.glimpse.clients.view;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.VideoFrame;

import java.util.Objects;
import java.util.Optional;

/**
 * A result with the frame it classified, when the view still had that frame.
 *
 * @param result the result
 * @param frame the frame, or {@code null} when it was gone (evicted, or never read)
 */
public record Joined(FrameResult result, VideoFrame frame) {

    /** Checks the result is present. */
    public Joined {
        Objects.requireNonNull(result, "result");
    }

    /**
     * Returns the frame, if the join found it.
     *
     * @return the frame
     */
    public Optional<VideoFrame> optFrame() {
        return Optional.ofNullable(frame);
    }
}
