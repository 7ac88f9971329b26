package io.glimpse.trainer.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The run's log file ({@code run.log} in the output directory), appended to across resumes, one
 * timestamped line per event; lines are echoed to a console stream when there is no progress bar.
 */
public final class RunLog implements AutoCloseable {

    /** How the line begins that a trainer writes when it continues from a checkpoint (a new leg of the run). */
    private static final String RESUMED = "Resumed from ";

    private static final String STAMP = "yyyy-MM-dd HH:mm:ss";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(STAMP);
    private static final int STAMP_LENGTH = STAMP.length();
    private static final String SEPARATOR = "  ";
    private static final Pattern EPOCH_DONE = Pattern.compile("Epoch \\d+/\\d+ done: .*");

    private final BufferedWriter writer;
    private final PrintStream echo;

    /**
     * Opens (or creates) the log.
     *
     * @param file the log file
     * @param echo where to copy lines, or {@code null}
     * @throws IOException if the file cannot be opened
     */
    public RunLog(Path file, PrintStream echo) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        this.echo = echo;
    }

    /**
     * Reads the time a line of this log was written, so that readers of the log share its format.
     *
     * @param line a line of a run log
     * @return its timestamp
     */
    public static LocalDateTime timeOf(String line) {
        return LocalDateTime.parse(line.substring(0, STAMP_LENGTH), TIME);
    }

    /**
     * Reads what a line of this log says, without its timestamp.
     *
     * @param line a line of a run log
     * @return the message as it was logged
     */
    public static String messageOf(String line) {
        return line.substring(STAMP_LENGTH + SEPARATOR.length());
    }

    /**
     * Begins the line that sums up a finished epoch, so that the trainers write it and readers find it the same way.
     *
     * @param epoch the epoch just finished, from 1
     * @param epochs the epochs planned
     * @return the start of the message, for example {@code "Epoch 3/8 done: "}
     */
    public static String epochDone(int epoch, int epochs) {
        return String.format(Locale.ROOT, "Epoch %d/%d done: ", epoch, epochs);
    }

    /**
     * The line a trainer writes when it continues from a checkpoint, where a new leg of the run begins.
     *
     * @param checkpoint the checkpoint directory
     * @param state the state restored from it
     * @return the message, for example {@code "Resumed from runs/teacher/checkpoint at TrainingState[...]"}
     */
    public static String resumed(Path checkpoint, TrainingState state) {
        return RESUMED + checkpoint + " at " + state;
    }

    /**
     * Tells whether a line sums up a finished epoch (begins with {@link #epochDone}).
     *
     * @param line a line of a run log
     * @return whether its message is an epoch summary
     */
    public static boolean isEpochDone(String line) {
        return EPOCH_DONE.matcher(messageOf(line)).matches();
    }

    /**
     * Tells whether a line marks a resume from a checkpoint, where a new leg of the run begins.
     *
     * @param line a line of a run log
     * @return whether its message is one that {@link #resumed} writes
     */
    public static boolean isResume(String line) {
        return messageOf(line).startsWith(RESUMED);
    }

    /**
     * Writes one line and flushes.
     *
     * @param message the text
     */
    public synchronized void log(String message) {
        String line = LocalDateTime.now().format(TIME) + SEPARATOR + message;
        try {
            writer.write(line);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (echo != null) {
            echo.println(line);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
