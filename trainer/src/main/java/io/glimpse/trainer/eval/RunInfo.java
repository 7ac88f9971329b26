package io.glimpse.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.glimpse.trainer.train.Checkpoint;
import io.glimpse.trainer.train.RunLog;
import io.glimpse.trainer.train.WeightInterpolation;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * What the card says about how a model was trained, read from its run directory rather than typed
 * by hand: the configuration and final state from the checkpoint, and the wall time from the
 * timestamps of {@code run.log}.
 *
 * @param config the run's configuration
 * @param state the checkpoint's state (epoch, steps, skipped steps)
 * @param wallTime the time spent training: the sum over the run's legs (a leg starts at the first log line
 *     or at a resume), not counting the pauses between them
 * @param lastEpochLine the last "Epoch n/N done" line, if any
 * @param interpolation when the model is an interpolation between a model and this run (then the other
 *     fields describe the run), what was interpolated
 */
public record RunInfo(JsonNode config, JsonNode state, Duration wallTime, Optional<String> lastEpochLine,
        Optional<WeightInterpolation.Recipe> interpolation) {

    /**
     * Describes a trained run's own weights.
     *
     * @param config the run's configuration
     * @param state the checkpoint's state
     * @param wallTime the time spent training
     * @param lastEpochLine the last "Epoch n/N done" line, if any
     */
    public RunInfo(JsonNode config, JsonNode state, Duration wallTime, Optional<String> lastEpochLine) {
        this(config, state, wallTime, lastEpochLine, Optional.empty());
    }

    /**
     * Reads a run directory; for one written by {@code train interpolate}, reads the fine-tune's run it
     * names and adds the interpolation.
     *
     * @param runDirectory the {@code --output} of a training run or of an interpolation
     * @return the information
     * @throws IOException if the checkpoint or log cannot be read
     */
    public static RunInfo read(Path runDirectory) throws IOException {
        WeightInterpolation.Recipe recipe = WeightInterpolation.Recipe.readFrom(runDirectory);
        if (recipe != null) {
            RunInfo fineTune = read(Path.of(recipe.to()));
            return new RunInfo(fineTune.config, fineTune.state, fineTune.wallTime, fineTune.lastEpochLine,
                    Optional.of(recipe));
        }
        JsonNode index = new ObjectMapper().readTree(runDirectory.resolve("checkpoint").resolve(Checkpoint.INDEX).toFile());
        List<String> lines = Files.readAllLines(runDirectory.resolve("run.log"));
        Optional<String> epoch = Optional.empty();
        for (String line : lines) {
            if (RunLog.isEpochDone(line)) {
                epoch = Optional.of(RunLog.messageOf(line));
            }
        }
        return new RunInfo(index.get("config"), index.get("state"), trainingTime(lines), epoch);
    }

    /**
     * Sums the legs of a run log, so that a run stopped and resumed later (another day, another session)
     * reports the time it trained rather than the calendar time between its first and last lines.
     *
     * @param lines the lines of {@code run.log}
     * @return the summed duration of the legs
     */
    static Duration trainingTime(List<String> lines) {
        Duration total = Duration.ZERO;
        LocalDateTime legStart = null;
        LocalDateTime last = null;
        for (String line : lines) {
            LocalDateTime t = RunLog.timeOf(line);
            if (legStart == null) {
                legStart = t;
            } else if (RunLog.isResume(line)) {
                total = total.plus(Duration.between(legStart, last));
                legStart = t;
            }
            last = t;
        }
        return legStart == null ? total : total.plus(Duration.between(legStart, last));
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

    /**
     * Returns the keep ratio a student was distilled towards, in words, so that every place that names
     * a student's recipe says it alike.
     *
     * @return "target ρ 0.7" or "target ρ sampled per batch from [0.5, 1]"; empty for a teacher's run
     */
    public Optional<String> targetRho() {
        if (config.path("teacher").asText("").isEmpty()) {
            return Optional.empty();
        }
        double min = config.path("rhoMin").asDouble();
        double max = config.path("rhoMax").asDouble();
        return Optional.of(min == max ? "target ρ " + number(min) : "target ρ sampled per batch from [" + number(min) + ", " + number(max) + "]");
    }

    /**
     * Writes a configuration value without trailing zeros ("1", "0.7", "1e-05" as "0.00001").
     *
     * @param x the value
     * @return its shortest plain decimal form
     */
    public static String number(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /**
     * Says how the weights were made from the run, so that the card and the model list say it alike.
     *
     * @return empty for the run's own weights; else "weights (1 − α) × FROM + α × this run (WiSE-FT)"
     */
    public String weightsRecipe() {
        return interpolation.map(r -> "; weights " + number(Math.round((1 - r.alpha()) * 1e6) / 1e6) + " × " + r.from() + " + "
                + number(r.alpha()) + " × this run (WiSE-FT interpolation)").orElse("");
    }
}
