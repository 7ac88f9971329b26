package io.glimpse.clients.results;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.Label;
import io.glimpse.schemas.avro.StageKeep;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/** A {@link FrameResult} as one row of a fixed-width table, for a person watching a terminal. */
public final class ResultTable {

    private static final String FORMAT = "%-12s %-20s %8s %7s %-24s %6s %5s %-14s %s";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private ResultTable() {}

    /**
     * Returns the header line.
     *
     * @return the column names
     */
    public static String header() {
        return String.format(Locale.ROOT, FORMAT, "captured", "stream", "sequence", "latency", "label", "prob", "rho",
                "kept", "model");
    }

    /**
     * Returns one result's row.
     *
     * @param r the result
     * @return the row
     */
    public static String row(FrameResult r) {
        Label top = r.getLabels().isEmpty() ? null : r.getLabels().get(0);
        String kept = r.getKeptTokens().stream().map(StageKeep::getPatchIds).map(ids -> String.valueOf(ids.size()))
                .collect(Collectors.joining("/"));
        return String.format(Locale.ROOT, FORMAT,
                TIME.format(Instant.ofEpochMilli(r.getCaptureTime().toEpochMilli())),
                clip(r.getStreamId().toString(), 20), r.getSequence(),
                (r.getResultTime().toEpochMilli() - r.getCaptureTime().toEpochMilli()) + "ms",
                clip(top == null ? "-" : top.getName().toString(), 24),
                top == null ? "-" : String.format(Locale.ROOT, "%.3f", top.getProbability()),
                String.format(Locale.ROOT, "%.2f", r.getKeepRatio()), kept.isEmpty() ? "-" : kept, r.getModelVersion());
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
