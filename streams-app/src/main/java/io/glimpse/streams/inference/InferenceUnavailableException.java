package io.glimpse.streams.inference;

/**
 * The model failed on every frame of a batch, after retries and taken one by one: the engine is in
 * trouble (out of memory, interrupted, a broken device), not the frames. No frame may be dead-lettered
 * for it; the stream task fails instead, and its pending frames are replayed once it restarts.
 */
public final class InferenceUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param cause the last failure
     */
    public InferenceUnavailableException(Throwable cause) {
        super("Inference failed on every frame of a batch, after retries: " + cause, cause);
    }
}
