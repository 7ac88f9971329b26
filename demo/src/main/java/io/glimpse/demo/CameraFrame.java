package io.glimpse.demo;

import io.glimpse.schemas.avro.VideoFrame;

/**
 * A frame as a simulated camera sends it, with the answer the model should give.
 *
 * @param frame the record value
 * @param label the true class index of the item in the frame
 */
public record CameraFrame(VideoFrame frame, int label) {

    /**
     * Returns the frame's identity.
     *
     * @return stream id and sequence
     */
    public FrameKey key() {
        return new FrameKey(frame.getStreamId().toString(), frame.getSequence());
    }
}
