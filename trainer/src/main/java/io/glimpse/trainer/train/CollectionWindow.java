package io.glimpse.trainer.train;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Keeps garbage collection out of the time between a forward pass and its backward pass.
 *
 * <p>Why: DJL's PyTorch engine creates the scalar of {@code x.mul(0.5f)} (and every other
 * {@code NDArray op Number}) with {@code torch::from_blob} over a direct ByteBuffer and closes it
 * right after the op; autograd keeps the tensor for the backward pass, but the buffer's memory is
 * freed as soon as a GC collects the ByteBuffer. A GC between forward and backward therefore makes
 * the backward pass read freed memory: gradients are silently wrong, sometimes infinite. (Measured:
 * the gradient of {@code sum((0.5·w)²)} came out as 123·w after a GC, 0.5·w without.)
 *
 * <p>The cure here: before each step, if the young generation holds more than a threshold, collect
 * now, while no graph is alive; the step's own allocations (a few tens of MB) then fit in the young
 * generation without another collection; and if one happened anyway ({@link #collectedSince}), the
 * loop skips that step rather than apply its gradients. Give the JVM a young generation of a few
 * hundred MB ({@code GLIMPSE_JAVA_OPTS="-XX:+UseParallelGC -Xms2g -Xmn512m"}); the run log counts
 * skipped steps, so a too-small one shows.
 */
final class CollectionWindow {

    private final List<MemoryPoolMXBean> eden;
    private final long threshold;
    private long collections;

    /**
     * Creates a window.
     *
     * @param threshold young-generation bytes in use above which to collect before a step
     */
    CollectionWindow(long threshold) {
        eden = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getName().contains("Eden"))
                .toList();
        this.threshold = threshold;
    }

    /**
     * Creates a window that collects before a step once 32 MB of the young generation are in use,
     * which leaves a young generation of 256 MB or more (e.g. {@code -XX:+UseParallelGC -Xmn512m})
     * plenty of room for a step.
     *
     * @return the window
     */
    static CollectionWindow standard() {
        return new CollectionWindow(32L << 20);
    }

    /**
     * Describes the young generation, for the run log.
     *
     * @return e.g. "PS Eden Space: 384 MB committed"
     */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (MemoryPoolMXBean p : eden) {
            sb.append(p.getName()).append(": ").append(p.getUsage().getCommitted() >> 20).append(" MB committed");
        }
        return sb.length() == 0 ? "no eden pool found" : sb.toString();
    }

    /** Collects now if the young generation is fuller than the threshold. */
    void beforeStep() {
        long used = 0;
        for (MemoryPoolMXBean p : eden) {
            used += p.getUsage().getUsed();
        }
        if (eden.isEmpty() || used > threshold) {
            System.gc();
            collections++;
        }
    }

    /**
     * Returns the number of collections so far, to mark the start of a window.
     *
     * @return the JVM's total collection count
     */
    long mark() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    /**
     * Tells whether a collection ran since a mark.
     *
     * @param mark a value of {@link #mark()}
     * @return true if the window was not free of collections
     */
    boolean collectedSince(long mark) {
        return mark() != mark;
    }

    long getCollections() {
        return collections;
    }
}
