package io.glimpse.demo.bench;

/**
 * A running Glimpse instance as the bench measures it, whether it runs in the bench's JVM or as a
 * process of its own: the same figures, read from inside or from outside.
 */
interface MeasuredInstance extends AutoCloseable {

    /**
     * Returns the time its workers have spent running batches so far, from its own meters.
     *
     * @return milliseconds, NaN if it has no inference meter
     */
    double inferenceMillis();

    /**
     * Returns the mean size of the batches it ran so far, from its own meters.
     *
     * @return frames per batch, NaN if it has no batch meter
     */
    double meanBatch();

    /**
     * Reads the CPU time spent so far by the process the instance runs in.
     *
     * @return the account at this moment
     * @throws Exception if it cannot be read
     */
    CpuAccount cpu() throws Exception;

    /**
     * Returns its process's collector pauses and long JIT compilations that began at or after a moment.
     *
     * @param fromMillis epoch milliseconds
     * @return the stalls
     * @throws Exception if they cannot be read
     */
    Stalls stalls(long fromMillis) throws Exception;

    /** Stops the instance and waits until it has stopped. */
    @Override
    void close() throws Exception;
}
