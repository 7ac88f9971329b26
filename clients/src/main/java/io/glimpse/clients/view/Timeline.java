package io.glimpse.clients.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-second aggregates over a sliding window, and the change events in it, for the charts. Seconds
 * are those of the view's clock when it read the records, so a quiet second shows as zero rather
 * than as a gap. Memory is bounded by the window. Not thread-safe: {@link ViewState} guards it.
 */
public final class Timeline {

    private static final int MAX_EVENTS = 500;

    private final int windowSeconds;
    private final Deque<Bucket> buckets = new ArrayDeque<>();
    private final Deque<ViewEvent> events = new ArrayDeque<>();

    /**
     * Creates an empty timeline.
     *
     * @param windowSeconds seconds kept, at least 2
     */
    public Timeline(int windowSeconds) {
        if (windowSeconds < 2) {
            throw new IllegalArgumentException("window must be at least 2 s: " + windowSeconds);
        }
        this.windowSeconds = windowSeconds;
    }

    /**
     * Counts a result.
     *
     * @param nowMillis when it was read
     * @param latencyMillis its result time minus its capture time
     * @param keepRatio its ρ
     */
    public void onResult(long nowMillis, long latencyMillis, double keepRatio) {
        Bucket b = bucket(nowMillis);
        b.latencies = b.results == b.latencies.length ? Arrays.copyOf(b.latencies, b.results * 2 + 8) : b.latencies;
        b.latencies[b.results++] = latencyMillis;
        b.rhoSum += keepRatio;
    }

    /**
     * Counts a dead letter.
     *
     * @param nowMillis when it was read
     * @param reason its reason
     */
    public void onDeadLetter(long nowMillis, String reason) {
        bucket(nowMillis).deadLetters.merge(reason, 1, Integer::sum);
    }

    /**
     * Records the consumer lag.
     *
     * @param nowMillis when it was measured
     * @param lag records behind the end of the results topic
     */
    public void onLag(long nowMillis, long lag) {
        bucket(nowMillis).lag = lag;
    }

    /**
     * Records an event.
     *
     * @param event the event
     */
    public void onEvent(ViewEvent event) {
        events.addLast(event);
        while (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
    }

    /**
     * Returns the completed seconds of the window, oldest first.
     *
     * @param nowMillis the current time
     * @return one point per second, the current (incomplete) one left out
     */
    public List<SecondPoint> points(long nowMillis) {
        bucket(nowMillis);
        List<SecondPoint> points = new ArrayList<>(buckets.size());
        for (Bucket b : buckets) {
            if (b.second != nowMillis / 1000) {
                points.add(b.point());
            }
        }
        return points;
    }

    /**
     * Returns the events inside the window, oldest first.
     *
     * @param nowMillis the current time
     * @return the events
     */
    public List<ViewEvent> events(long nowMillis) {
        long from = nowMillis - windowSeconds * 1000L;
        return events.stream().filter(e -> e.time() >= from).toList();
    }

    private Bucket bucket(long millis) {
        long second = millis / 1000;
        Bucket last = buckets.peekLast();
        if (last != null && second <= last.second) {
            // A clock step back: count it in the newest second rather than rewrite history.
            return last;
        }
        long next = last == null ? second : Math.max(last.second + 1, second - windowSeconds);
        for (long s = next; s <= second; s++) {
            buckets.addLast(new Bucket(s));
        }
        while (buckets.size() > windowSeconds) {
            buckets.removeFirst();
        }
        return buckets.peekLast();
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int count, double quantile) {
        int rank = (int) Math.ceil(quantile * count);
        return sorted[Math.min(count, Math.max(1, rank)) - 1];
    }

    private static final class Bucket {
        final long second;
        int results;
        long[] latencies = new long[8];
        double rhoSum;
        Long lag;
        final Map<String, Integer> deadLetters = new TreeMap<>();

        Bucket(long second) {
            this.second = second;
        }

        SecondPoint point() {
            if (results == 0) {
                return new SecondPoint(second * 1000, 0, null, null, null, lag, deadLetters);
            }
            long[] sorted = Arrays.copyOf(latencies, results);
            Arrays.sort(sorted);
            return new SecondPoint(second * 1000, results, percentile(sorted, results, 0.5),
                    percentile(sorted, results, 0.99), rhoSum / results, lag, deadLetters);
        }
    }
}
