package io.glimpse.streams.frames;

/**
 * The headers of a dead letter, a contract with whoever reads the dead-letter topic: the record's key
 * and bytes are the original frame's, and these say why and where it came from.
 */
public final class DeadLetterHeaders {

    /** The {@link DeadLetterReason} name. */
    public static final String REASON = "glimpse.dlq.reason";
    /** What exactly was wrong, for a person. */
    public static final String DETAIL = "glimpse.dlq.detail";
    /** Where the frame was read: {@code topic-partition@offset}, or {@code restored} for a frame replayed from the pending store. */
    public static final String SOURCE = "glimpse.dlq.source";
    /** The original length in bytes, present when the stored bytes were cut to fit the topic. */
    public static final String TRUNCATED = "glimpse.dlq.truncated";

    private DeadLetterHeaders() {}
}
