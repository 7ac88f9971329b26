package io.glimpse.demo.bench;

/**
 * A running Glimpse instance as the bench measures it, whether it runs in the bench's JVM or as a
 * process of its own: the same figures, read from inside or from outside.
 */
interface MeasuredInstance extends AutoCloseable {

    /**
     * Reads its own meters: the time its workers spent in batches and the batches they ran so far.
     * Read it while the instance runs (a frozen process does not answer).
     *
     * @return the meters at this moment
     */
    InstanceMeters meters();

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

    /**
     * Freezes the instance (SIGSTOP): it keeps its sockets, its group membership and its state, and
     * does nothing until {@link #resume()}.
     *
     * @throws UnsupportedOperationException where it shares the bench's JVM
     * @throws Exception if it cannot be signalled
     */
    void freeze() throws Exception;

    /**
     * Resumes a frozen instance (SIGCONT).
     *
     * @throws UnsupportedOperationException where it shares the bench's JVM
     * @throws Exception if it cannot be signalled
     */
    void resume() throws Exception;

    /** Stops the instance and waits until it has stopped. */
    @Override
    void close() throws Exception;
}
