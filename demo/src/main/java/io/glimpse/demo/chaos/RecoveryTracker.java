package io.glimpse.demo.chaos;

import io.glimpse.demo.ResultSink;
import io.glimpse.schemas.avro.FrameResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers, per stream, when each committed result was read and when its frame was captured, so that
 * the stall after a fault can be measured as consumers see it: from the fault until every stream again
 * has a committed result for a frame captured after the fault.
 */
public final class RecoveryTracker implements ResultSink {

    private final Map<String, List<long[]>> byStream = new ConcurrentHashMap<>();
    private final AtomicLong outcomes = new AtomicLong();

    @Override
    public void onResult(FrameResult result, long readAtMillis) {
        List<long[]> seen = byStream.computeIfAbsent(result.getStreamId(), s -> new ArrayList<>());
        synchronized (seen) {
            seen.add(new long[] {result.getCaptureTime().toEpochMilli(), readAtMillis});
        }
        outcomes.incrementAndGet();
    }

    @Override
    public void onDeadLetter() {
        // Dead letters do not show that a stream is answered again; they are only counted.
        outcomes.incrementAndGet();
    }

    /** Committed results and dead letters read so far. */
    public long outcomes() {
        return outcomes.get();
    }

    /**
     * Capture-to-read latencies of the results whose frames were captured in {@code [fromMillis, toMillis)}.
     *
     * @param fromMillis start, epoch milliseconds
     * @param toMillis end, exclusive
     * @return the latencies in milliseconds, sorted
     */
    public long[] latencies(long fromMillis, long toMillis) {
        List<Long> out = new ArrayList<>();
        for (List<long[]> seen : byStream.values()) {
            synchronized (seen) {
                for (long[] s : seen) {
                    if (s[0] >= fromMillis && s[0] < toMillis) {
                        out.add(s[1] - s[0]);
                    }
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /**
     * How long after {@code faultMillis} every one of {@code streams} had a committed result for a frame
     * captured at or after it; empty if some stream has none yet.
     *
     * @param faultMillis when the fault was injected (epoch milliseconds)
     * @param streams the streams that kept sending
     * @return the stall in milliseconds
     */
    public Optional<Long> recoveredAfter(long faultMillis, Collection<String> streams) {
        long latest = faultMillis;
        for (String stream : streams) {
            List<long[]> seen = byStream.getOrDefault(stream, List.of());
            long first = Long.MAX_VALUE;
            synchronized (seen) {
                for (long[] s : seen) {
                    if (s[0] >= faultMillis) {
                        first = Math.min(first, s[1]);
                    }
                }
            }
            if (first == Long.MAX_VALUE) {
                return Optional.empty();
            }
            latest = Math.max(latest, first);
        }
        return Optional.of(latest - faultMillis);
    }

    /**
     * A percentile of latencies as {@link #latencies} returns them (sorted).
     *
     * @param sorted the latencies, ascending
     * @param q the quantile, in [0, 1]; 1 gives the largest
     * @return milliseconds, -1 when there are none
     */
    public static long percentile(long[] sorted, double q) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}
