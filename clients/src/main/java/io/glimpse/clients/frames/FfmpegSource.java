package io.glimpse.clients.frames;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Frames from anything ffmpeg reads (an MP4, an MJPEG AVI, an {@code rtsp://} URL), by running ffmpeg
 * as a subprocess and splitting its stdout. Decoding stays in ffmpeg, which handles every codec
 * Debian ships; Java only cuts bytes. A source ffmpeg cannot read fails with ffmpeg's own last error
 * line.
 */
public final class FfmpegSource implements FrameSource {

    /** The one-line advice when the executable is missing. */
    public static final String NOT_FOUND = "ffmpeg not found: apt-get install ffmpeg";

    private final FfmpegCommand command;
    private final Process process;
    private final StderrTail stderr;
    private final MjpegSplitter mjpeg;
    private final RawRgbSplitter raw;

    private FfmpegSource(FfmpegCommand command, Process process, int width, int height) {
        this.command = command;
        this.process = process;
        this.stderr = StderrTail.start(process.getErrorStream());
        InputStream out = process.getInputStream();
        this.mjpeg = command.encoding() == SendEncoding.jpeg ? new MjpegSplitter(out) : null;
        this.raw = command.encoding() == SendEncoding.rgb ? new RawRgbSplitter(out, width, height) : null;
    }

    /**
     * Starts ffmpeg. Raw RGB needs the frame size: the command's scale, else ffprobe's answer.
     *
     * @param command the ffmpeg command
     * @return the running source
     * @throws IOException when ffmpeg is missing, or ffprobe cannot read the source
     */
    public static FfmpegSource start(FfmpegCommand command) throws IOException {
        int width = command.width();
        int height = command.height();
        if (command.encoding() == SendEncoding.rgb && !command.scaled()) {
            int[] size = probeSize(command);
            width = size[0];
            height = size[1];
        }
        return new FfmpegSource(command, launch(command.arguments()), width, height);
    }

    /** {@inheritDoc} */
    @Override
    public Optional<EncodedImage> next() throws IOException {
        try {
            Optional<EncodedImage> image = mjpeg != null ? mjpeg.next() : raw.next();
            if (image.isEmpty()) {
                checkExit();
            }
            return image;
        } catch (IOException e) {
            checkExit();
            throw e;
        }
    }

    /** {@inheritDoc} */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Waits for ffmpeg to end; a non-zero exit becomes its last stderr line. */
    private void checkExit() throws IOException {
        int code;
        try {
            code = process.waitFor();
            stderr.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for ffmpeg", e);
        }
        if (code != 0) {
            throw new IOException("cannot read " + command.source() + ": " + stderr.lastLine("ffmpeg exited with " + code));
        }
    }

    /** Asks ffprobe (next to the ffmpeg executable) for the first video stream's width and height. */
    static int[] probeSize(FfmpegCommand command) throws IOException {
        String ffmpeg = command.executable();
        String ffprobe = ffmpeg.contains("/") ? Path.of(ffmpeg).resolveSibling("ffprobe").toString() : "ffprobe";
        Process probe = launch(List.of(ffprobe, "-v", "error", "-select_streams", "v:0",
                "-show_entries", "stream=width,height", "-of", "csv=p=0:s=x", command.source()));
        StderrTail errors = StderrTail.start(probe.getErrorStream());
        String answer = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            int code = probe.waitFor();
            errors.join();
            String[] parts = answer.split("x");
            if (code == 0 && parts.length >= 2) {
                return new int[] {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for ffprobe", e);
        } catch (NumberFormatException e) {
            // Falls through to the error below.
        }
        throw new IOException("cannot read " + command.source() + ": "
                + errors.lastLine("ffprobe found no video size (give --size WIDTHxHEIGHT)"));
    }

    private static Process launch(List<String> arguments) throws IOException {
        try {
            return new ProcessBuilder(arguments).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            // ProcessBuilder's message for a missing program is "Cannot run program ...: error=2, ...".
            if (String.valueOf(e.getMessage()).contains("error=2,")) {
                throw new IOException(arguments.get(0).endsWith("ffprobe") ? "ffprobe not found: apt-get install ffmpeg"
                        : NOT_FOUND);
            }
            throw e;
        }
    }

    /** Drains a subprocess's stderr, keeping its last non-blank line; a full pipe would stall ffmpeg. */
    private static final class StderrTail {

        private final Thread thread;
        private volatile String last;

        private StderrTail(InputStream in) {
            this.thread = new Thread(() -> drain(in), "ffmpeg-stderr");
            thread.setDaemon(true);
        }

        static StderrTail start(InputStream in) {
            StderrTail tail = new StderrTail(in);
            tail.thread.start();
            return tail;
        }

        private void drain(InputStream in) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank()) {
                        last = line.strip();
                    }
                }
            } catch (IOException e) {
                // The process went away; what was read is all there is.
            }
        }

        void join() throws InterruptedException {
            thread.join(2000);
        }

        String lastLine(String otherwise) {
            String line = last;
            return line == null ? otherwise : line;
        }
    }
}
