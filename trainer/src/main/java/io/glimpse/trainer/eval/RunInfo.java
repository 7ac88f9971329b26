package io.glimpse.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.glimpse.trainer.train.Checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * What the card says about how a model was trained, read from its run directory rather than typed
 * by hand: the configuration and final state from the checkpoint, and the wall time from the first
 * and last lines of {@code run.log}.
 *
 * @param config the run's configuration
 * @param state the checkpoint's state (epoch, steps, skipped steps)
 * @param wallTime from the first to the last log line (resumes included)
 * @param lastEpochLine the last "Epoch n/N done" line, if any
 */
public record RunInfo(JsonNode config, JsonNode state, Duration wallTime, Optional<String> lastEpochLine) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * Reads a run directory.
     *
     * @param runDirectory the {@code --output} of a training run
     * @return the information
     * @throws IOException if the checkpoint or log cannot be read
     */
    public static RunInfo read(Path runDirectory) throws IOException {
        JsonNode index = new ObjectMapper().readTree(runDirectory.resolve("checkpoint").resolve(Checkpoint.INDEX).toFile());
        List<String> lines = Files.readAllLines(runDirectory.resolve("run.log"));
        Duration wall = Duration.ZERO;
        if (!lines.isEmpty()) {
            wall = Duration.between(time(lines.get(0)), time(lines.get(lines.size() - 1)));
        }
        Optional<String> epoch = Optional.empty();
        for (String line : lines) {
            if (line.contains("Epoch ") && line.contains(" done:")) {
                epoch = Optional.of(line.substring(20).trim());
            }
        }
        return new RunInfo(index.get("config"), index.get("state"), wall, epoch);
    }

    private static LocalDateTime time(String line) {
        return LocalDateTime.parse(line.substring(0, 19), TIME);
    }

    /**
     * Returns the images the run trained on.
     *
     * @return optimizer steps (including skipped ones) times the batch size
     */
    public long imagesSeen() {
        return state.get("step").asLong() * config.get("batchSize").asLong();
    }

    /**
     * Returns how far the run got, in epochs (a run stopped early shows less than planned).
     *
     * @return completed epochs plus the fraction of the epoch in progress
     */
    public double epochsDone() {
        double perEpoch = config.get("trainFrames").asDouble() / config.get("batchSize").asDouble();
        return state.get("epoch").asInt() + state.get("batch").asInt() / Math.floor(perEpoch);
    }
}
