package io.glimpse.demo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An offered load over time, in multiples of a capacity measured at run time ({@code 1x} = the dense
 * pipeline's committed frames/s), so one profile means the same stress on any machine. Segments follow
 * each other; each holds a rate or ramps linearly from one rate to another, and each is a phase of
 * the report. Immutable.
 *
 * <p>Written {@code 0.5x:30s,1.25x:60s,0.5x->1.5x:60s}: segments separated by commas, a multiple
 * (or {@code from->to} for a ramp), a colon and a duration in {@code ms}, {@code s} or {@code m}.
 */
public final class LoadProfile {

    private static final Pattern SEGMENT =
            Pattern.compile("(?<from>[^:>-]+?)\\s*(?:->\\s*(?<to>[^:]+?))?\\s*:\\s*(?<duration>.+)");
    private static final Pattern MULTIPLE = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)x");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");

    /** The longest profile accepted: a typo such as {@code 30m} for {@code 30s} should not run for hours. */
    static final double MAX_SECONDS = 3600;

    private final List<Segment> segments;
    private final double[] starts;
    private final double[] unitsBefore;

    /**
     * One segment: the load ramps linearly from {@code from} to {@code to} over {@code seconds}
     * (a constant load when they are equal).
     *
     * @param from the multiple of capacity at the start, at least 0
     * @param to the multiple at the end, at least 0
     * @param seconds the length, above 0
     */
    public record Segment(double from, double to, double seconds) {

        /** Checks the values. */
        public Segment {
            if (!(from >= 0) || !(to >= 0) || Double.isInfinite(from) || Double.isInfinite(to)) {
                throw new IllegalArgumentException("load multiples must be finite and at least 0x");
            }
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("a segment must last more than 0 s");
            }
        }

        /** The load in capacity-seconds the segment offers: its area. */
        double units() {
            return (from + to) / 2 * seconds;
        }

        boolean isRamp() {
            return from != to;
        }

        /** The segment as the profile syntax writes it. */
        @Override
        public String toString() {
            String d = seconds == Math.rint(seconds) ? (long) seconds + "s" : Math.round(seconds * 1000) + "ms";
            return isRamp() ? multiple(from) + "->" + multiple(to) + ":" + d : multiple(from) + ":" + d;
        }

        private static String multiple(double m) {
            String s = String.format(Locale.ROOT, "%.3f", m).replaceFirst("0+$", "").replaceFirst("\\.$", "");
            return s + "x";
        }
    }

    /**
     * Creates a profile.
     *
     * @param segments at least one
     */
    public LoadProfile(List<Segment> segments) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a load profile needs at least one segment");
        }
        this.segments = List.copyOf(segments);
        starts = new double[segments.size() + 1];
        unitsBefore = new double[segments.size() + 1];
        for (int i = 0; i < segments.size(); i++) {
            starts[i + 1] = starts[i] + segments.get(i).seconds();
            unitsBefore[i + 1] = unitsBefore[i] + segments.get(i).units();
        }
        if (starts[segments.size()] > MAX_SECONDS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the load profile lasts %.0f s; at most %.0f s is accepted", starts[segments.size()], MAX_SECONDS));
        }
        if (!(unitsBefore[segments.size()] > 0)) {
            throw new IllegalArgumentException("the load profile offers no frames: every segment is 0x");
        }
    }

    /**
     * Reads the profile syntax.
     *
     * @param text e.g. {@code 0.5x:30s,1.25x:60s,0.5x->1.5x:60s}
     * @return the profile
     * @throws IllegalArgumentException with a one-line message naming the segment at fault
     */
    public static LoadProfile parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the load profile is empty; write e.g. 0.5x:30s,1.25x:60s,0.5x->1.5x:60s");
        }
        List<Segment> segments = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            segments.add(segment(part.strip()));
        }
        return new LoadProfile(segments);
    }

    private static Segment segment(String part) {
        Matcher m = SEGMENT.matcher(part.toLowerCase(Locale.ROOT));
        if (part.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("segment '" + part + "' is not RATE:DURATION or FROM->TO:DURATION,"
                    + " e.g. 0.5x:30s or 0.5x->1.5x:60s");
        }
        double from = multiple(m.group("from"), part);
        double to = m.group("to") == null ? from : multiple(m.group("to"), part);
        double seconds = seconds(m.group("duration").strip(), part);
        try {
            return new Segment(from, to, seconds);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("segment '" + part + "': " + e.getMessage());
        }
    }

    private static double multiple(String text, String part) {
        Matcher m = MULTIPLE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("segment '" + part + "': '" + text.strip()
                    + "' is not a multiple of the dense capacity such as 0.5x or 1.25x");
        }
        return Double.parseDouble(m.group(1));
    }

    private static double seconds(String text, String part) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("segment '" + part + "': '" + text
                    + "' is not a duration such as 500ms, 30s or 2m");
        }
        double n = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> n / 1000;
            case "m" -> n * 60;
            default -> n;
        };
    }

    /**
     * The default profile for a ρ range: light load, a load the range can absorb (above the dense
     * capacity, below the capacity at the floor ρ), a load beyond even the floor, and light load
     * again, about two and a half minutes in all.
     *
     * @param floorSpeedup capacity at the floor ρ over the dense capacity (above 1 when lowering ρ helps)
     * @return the profile
     */
    public static LoadProfile standard(double floorSpeedup) {
        double k = Math.max(1.05, floorSpeedup);
        double absorbable = round2((1 + k) / 2);
        double beyond = round2(Math.max(1.25 * k, k + 0.25));
        return new LoadProfile(List.of(
                new Segment(0.5, 0.5, 30),
                new Segment(absorbable, absorbable, 50),
                new Segment(beyond, beyond, 30),
                new Segment(0.5, 0.5, 30)));
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** The length of the whole profile, in seconds. */
    public double totalSeconds() {
        return starts[segments.size()];
    }

    /**
     * Returns when a phase starts.
     *
     * @param phase the segment's index
     * @return seconds from the start of the profile
     */
    public double startOf(int phase) {
        return starts[phase];
    }

    /**
     * Returns when a phase ends.
     *
     * @param phase the segment's index
     * @return seconds from the start of the profile
     */
    public double endOf(int phase) {
        return starts[phase + 1];
    }

    /**
     * Returns the phase a moment falls in; moments after the end belong to the last phase.
     *
     * @param seconds from the start of the profile
     * @return the segment's index; -1 before the start
     */
    public int phaseAt(double seconds) {
        if (seconds < 0) {
            return -1;
        }
        for (int i = 0; i < segments.size(); i++) {
            if (seconds < starts[i + 1]) {
                return i;
            }
        }
        return segments.size() - 1;
    }

    /**
     * Returns the load at a moment.
     *
     * @param seconds from the start of the profile
     * @return the multiple of capacity; 0 outside the profile
     */
    public double multipleAt(double seconds) {
        int i = phaseAt(seconds);
        if (i < 0 || seconds >= totalSeconds()) {
            return 0;
        }
        Segment s = segments.get(i);
        return s.from() + (s.to() - s.from()) * (seconds - starts[i]) / s.seconds();
    }

    /**
     * Returns the moment by which the profile has offered a given load: frame {@code j} of a run at
     * capacity {@code c} is due at {@code timeOf(j / c)}.
     *
     * @param units capacity-seconds, at least 0
     * @return seconds from the start, or {@link Double#POSITIVE_INFINITY} beyond the profile's total
     */
    public double timeOf(double units) {
        for (int i = 0; i < segments.size(); i++) {
            if (units < unitsBefore[i + 1]) {
                return starts[i] + within(segments.get(i), units - unitsBefore[i]);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Solves {@code from·t + (to - from)·t²/(2d) = u} for t in the segment. */
    private static double within(Segment s, double u) {
        if (!s.isRamp()) {
            return u / s.from();
        }
        double slope = (s.to() - s.from()) / s.seconds();
        double t = (-s.from() + Math.sqrt(Math.max(0, s.from() * s.from() + 2 * slope * u))) / slope;
        return Math.min(Math.max(t, 0), s.seconds());
    }

    /** The profile in its own syntax. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        segments.forEach(s -> b.append(b.length() == 0 ? "" : ",").append(s));
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoadProfile p && p.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }
}
