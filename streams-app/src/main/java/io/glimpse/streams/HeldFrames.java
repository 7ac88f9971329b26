package io.glimpse.streams;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the frames an instance holds (accepted, not yet answered) across all its tasks, against
 * one limit. Per-task limits alone multiply with the tasks an instance owns: after a failover one
 * instance may own every partition. Shared by the instance's processors; thread-safe.
 */
final class HeldFrames {

    private final int limit;
    private final AtomicInteger held = new AtomicInteger();

    /**
     * Creates a counter.
     *
     * @param limit the most frames the instance should hold; more are accepted, but then each task
     *     waits for its oldest frame before it reads the next
     */
    HeldFrames(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("The instance must hold at least one frame, got a limit of " + limit);
        }
        this.limit = limit;
    }

    void add() {
        held.incrementAndGet();
    }

    void remove(int frames) {
        held.addAndGet(-frames);
    }

    boolean overLimit() {
        return held.get() > limit;
    }

    int count() {
        return held.get();
    }
}
