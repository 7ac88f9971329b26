package io.glimpse.demo.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * The JIT compiler's longer compilations in this process while it is open, as epoch intervals, read
 * from the JVM's own flight recorder. A compilation is not a pause, but on a core it shares with
 * an inference worker it takes that worker's time: a frame whose trip overlaps a long compilation
 * on a one-core instance waited for it. The recorder delivers events about once a second.
 *
 * <p>Thread-safe: the recorder reports from its own thread.
 */
final class JitCompilations implements AutoCloseable {

    /** The shortest compilation kept. */
    static final Duration THRESHOLD = Duration.ofMillis(10);

    private final RecordingStream stream = new RecordingStream();
    private final List<Stall> compilations = new ArrayList<>();

    /** Starts recording compilations of at least {@link #THRESHOLD}. */
    JitCompilations() {
        this(THRESHOLD);
    }

    /**
     * Starts recording compilations.
     *
     * @param threshold the shortest compilation kept
     */
    JitCompilations(Duration threshold) {
        stream.enable("jdk.Compilation").withThreshold(threshold);
        stream.onEvent("jdk.Compilation", event -> {
            Stall compilation = stall(event);
            synchronized (this) {
                compilations.add(compilation);
            }
        });
        stream.startAsync();
    }

    /**
     * Turns a recorded {@code jdk.Compilation} event into a stall named by its tier, whether it was
     * streamed from this JVM or read from an instance's recording file.
     *
     * @param compilation the event
     * @return its interval
     */
    static Stall stall(RecordedEvent compilation) {
        long start = compilation.getStartTime().toEpochMilli();
        return new Stall(start, start + compilation.getDuration().toMillis(), "tier " + compilation.getValue("compileLevel"));
    }

    /**
     * Returns the compilations that began at or after a moment.
     *
     * @param fromMillis epoch milliseconds
     * @return the compilations, in the order reported
     */
    synchronized List<Stall> since(long fromMillis) {
        return compilations.stream().filter(c -> c.startMillis() >= fromMillis).toList();
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        stream.close();
    }
}
