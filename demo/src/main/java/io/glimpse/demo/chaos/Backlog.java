package io.glimpse.demo.chaos;

import io.glimpse.demo.FrameProducer;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Measures committed throughput: a backlog of frames sent at once, timed until every outcome is committed. */
final class Backlog {

    private Backlog() {}

    /**
     * Sends {@code frames} as fast as the producer takes them and waits for their outcomes.
     *
     * @return committed frames per second, from the first send to the last outcome read
     */
    static double throughput(FrameProducer producer, RecoveryTracker tracker, long frames, Duration timeout)
            throws InterruptedException, TimeoutException {
        long before = tracker.outcomes();
        long start = System.nanoTime();
        producer.produce(frames);
        long deadline = start + timeout.toNanos();
        while (tracker.outcomes() < before + frames) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException((tracker.outcomes() - before) + " of " + frames + " outcomes after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
        return frames / ((System.nanoTime() - start) / 1e9);
    }
}
