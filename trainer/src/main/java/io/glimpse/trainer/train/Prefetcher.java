package io.glimpse.trainer.train;

import io.glimpse.trainer.data.FrameBatch;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Makes the next batches on a background thread while the engine trains on the current one, so
 * that frame generation (about 10 % of a step here) overlaps with compute.
 */
final class Prefetcher implements Iterator<FrameBatch>, AutoCloseable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private Object next;

    /**
     * Starts generating.
     *
     * @param source the batches, consumed on the background thread
     * @param skip how many to drop first (a resumed epoch)
     * @param depth how many to make ahead
     */
    Prefetcher(Iterator<FrameBatch> source, int skip, int depth) {
        queue = new ArrayBlockingQueue<>(depth);
        thread = new Thread(() -> {
            try {
                for (int i = 0; i < skip && source.hasNext(); i++) {
                    source.next();
                }
                while (source.hasNext()) {
                    queue.put(source.next());
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                queue.clear();
                queue.offer(e);
            }
        }, "batch-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a batch", e);
            }
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return next != END;
    }

    @Override
    public FrameBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        FrameBatch batch = (FrameBatch) next;
        next = null;
        return batch;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
