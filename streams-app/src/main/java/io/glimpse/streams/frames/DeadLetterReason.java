package io.glimpse.streams.frames;

/**
 * Why a frame went to the dead-letter topic instead of yielding a result. The name travels in the
 * {@code glimpse.dlq.reason} header so that consumers can route or count by class of fault.
 */
public enum DeadLetterReason {
    /** The bytes are not a registry-framed Avro record (wrong magic byte, truncated, corrupt). */
    UNDECODABLE,
    /** The record names a schema id the registry does not know, or one that cannot be read as a VideoFrame. */
    UNKNOWN_SCHEMA,
    /** The record is larger than {@code glimpse.frame.max.bytes}. */
    OVERSIZE,
    /** Width, height or channel count do not match the model input, or the pixel data has the wrong length. */
    WRONG_SIZE,
    /** A PNG or JPEG payload that does not decode to an image. */
    CORRUPT_IMAGE,
    /** The model fails on this frame alone (after retries, and with its batch split around it). */
    INFERENCE_FAILED,
    /** The record key is not the frame's stream id, so per-stream order cannot hold. */
    KEY_MISMATCH,
    /** A pending frame stored by another Glimpse version that this one cannot read (a downgrade); the stored bytes as they are. */
    PENDING_UNREADABLE
}
