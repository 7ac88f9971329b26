package io.glimpse.streams.inference;

/**
 * The model failed on this frame alone: its batch was split until the failure was pinned on it,
 * and its neighbours classified. The frame is at fault and goes to the dead-letter topic.
 */
public final class FrameRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param cause what the model threw on the frame alone
     */
    public FrameRejectedException(Throwable cause) {
        super("The model fails on this frame alone: " + cause, cause);
    }
}
