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
    /** The model failed on the batch that held this frame. */
    INFERENCE_FAILED
}
