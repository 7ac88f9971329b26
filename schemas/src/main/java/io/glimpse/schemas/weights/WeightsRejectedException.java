package io.glimpse.schemas.weights;

import java.util.Objects;

/**
 * A published model version failed a check and must not serve. Checked, because every caller has to
 * decide what keeps serving instead; the {@link #reason()} is for metrics, the message (one line: the
 * version and what was wrong) for people.
 */
public final class WeightsRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;

    public WeightsRejectedException(RejectionReason reason, String message) {
        this(reason, message, null);
    }

    public WeightsRejectedException(RejectionReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RejectionReason reason() {
        return reason;
    }
}
