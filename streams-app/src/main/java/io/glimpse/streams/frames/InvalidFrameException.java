package io.glimpse.streams.frames;

/** A frame that cannot be classified, with the dead-letter reason that says why. */
public final class InvalidFrameException extends Exception {

    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    /**
     * Creates the exception.
     *
     * @param reason the class of fault
     * @param message what exactly is wrong, for the {@code glimpse.dlq.detail} header
     */
    public InvalidFrameException(DeadLetterReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param reason the class of fault
     * @param message what exactly is wrong
     * @param cause the underlying failure
     */
    public InvalidFrameException(DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public DeadLetterReason getReason() {
        return reason;
    }
}
