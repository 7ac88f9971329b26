package io.glimpse.demo.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape of an instance's {@code /metrics} page (Prometheus text format), read by metric name: a
 * name's value is the sum over its label sets, which is what "heap used" (summed over pools) or a
 * counter over reasons means.
 */
public final class PrometheusScrape {

    private final Map<String, List<Sample>> samples;

    private PrometheusScrape(Map<String, List<Sample>> samples) {
        this.samples = Map.copyOf(samples);
    }

    /**
     * Parses a page.
     *
     * @param text the exposition
     * @return the sums by name
     */
    public static PrometheusScrape parse(String text) {
        Map<String, List<Sample>> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            boolean labelled = brace >= 0 && brace < space;
            String name = labelled ? line.substring(0, brace) : line.substring(0, line.indexOf(' '));
            String labels = labelled ? line.substring(brace, line.lastIndexOf('}', space) + 1) : "";
            try {
                samples.computeIfAbsent(name, n -> new ArrayList<>()).add(new Sample(labels, Double.parseDouble(line.substring(space + 1))));
            } catch (NumberFormatException e) {
                // A value Prometheus allows and this reader does not need (e.g. a timestamp column): skip the line.
            }
        }
        return new PrometheusScrape(samples);
    }

    /**
     * The sum of a metric over its label sets.
     *
     * @param name the Prometheus name, e.g. {@code process_resident_memory_bytes}
     * @return the value, NaN if absent
     */
    public double value(String name) {
        return value(name, "");
    }

    /**
     * The sum of a metric over the label sets that contain a text, e.g. {@code area="heap"}.
     *
     * @param name the Prometheus name
     * @param labelsContaining text the label set must contain
     * @return the value, NaN if no label set matches
     */
    public double value(String name, String labelsContaining) {
        List<Sample> matching = samples.getOrDefault(name, List.of()).stream()
                .filter(s -> s.labels().contains(labelsContaining)).toList();
        return matching.isEmpty() ? Double.NaN : matching.stream().mapToDouble(Sample::value).sum();
    }

    /** Whether the page had anything at all (an instance that did not answer gives an empty scrape). */
    public boolean isEmpty() {
        return samples.isEmpty();
    }

    private record Sample(String labels, double value) {}
}
