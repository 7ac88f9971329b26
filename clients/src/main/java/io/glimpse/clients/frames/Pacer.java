package io.glimpse.clients.frames;

/**
 * Spaces frames at a fixed rate for sources that have none of their own (image files): frame n
 * leaves at start + n/fps, so a slow send does not shift every later frame.
 */
final class Pacer {

    private final double fps;
    private long startNanos = -1;

    /** @param fps frames per second; 0 or less sends as fast as possible */
    Pacer(double fps) {
        this.fps = fps;
    }

    /** Waits until frame {@code n} (from 0) is due. */
    void await(long n) throws InterruptedException {
        if (fps <= 0) {
            return;
        }
        if (startNanos < 0) {
            startNanos = System.nanoTime();
        }
        long due = startNanos + (long) (n * 1e9 / fps);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
