package io.glimpse.demo;

import io.glimpse.schemas.avro.FrameResult;

/** Takes what a {@link ResultReader} reads: the demo's console statistics, a benchmark's recorder. */
public interface ResultSink {

    /**
     * Takes one committed result.
     *
     * @param result the result
     * @param readAtMillis when it was read (epoch milliseconds)
     */
    void onResult(FrameResult result, long readAtMillis);

    /** Counts one committed dead letter. */
    void onDeadLetter();
}
