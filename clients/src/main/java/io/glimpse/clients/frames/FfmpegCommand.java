package io.glimpse.clients.frames;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ffmpeg command line that turns a video file or stream into frames on stdout: MJPEG
 * ({@code -f image2pipe -c:v mjpeg}), which carries each frame's size, or raw RGB
 * ({@code -f rawvideo -pix_fmt rgb24}), which does not. Errors only on stderr ({@code -loglevel error}),
 * so its last line is the reason a source failed.
 */
public final class FfmpegCommand {

    private final String executable;
    private final String source;
    private final SendEncoding encoding;
    private final Double fps;
    private final Duration start;
    private final Duration duration;
    private final boolean loop;
    private final boolean realTime;
    private final int width;
    private final int height;

    private FfmpegCommand(Builder b) {
        this.executable = b.executable;
        this.source = b.source;
        this.encoding = b.encoding;
        this.fps = b.fps;
        this.start = b.start;
        this.duration = b.duration;
        this.loop = b.loop;
        this.realTime = b.realTime;
        this.width = b.width;
        this.height = b.height;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The ffmpeg executable, a name on the PATH or a path. */
    public String executable() {
        return executable;
    }

    /** The file, device or URL ffmpeg reads. */
    public String source() {
        return source;
    }

    public SendEncoding encoding() {
        return encoding;
    }

    /** Whether the output is scaled to a given size ({@link #width()} x {@link #height()}). */
    public boolean scaled() {
        return width > 0;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * Returns the command line.
     *
     * @return the executable and its arguments
     */
    public List<String> arguments() {
        List<String> args = new ArrayList<>(List.of(executable, "-hide_banner", "-nostdin", "-loglevel", "error"));
        if (realTime) {
            args.add("-re");
        }
        if (loop) {
            args.addAll(List.of("-stream_loop", "-1"));
        }
        if (start != null) {
            args.addAll(List.of("-ss", seconds(start)));
        }
        args.addAll(List.of("-i", source));
        if (duration != null) {
            args.addAll(List.of("-t", seconds(duration)));
        }
        List<String> filters = new ArrayList<>();
        if (fps != null) {
            filters.add("fps=" + fps);
        }
        if (scaled()) {
            filters.add("scale=" + width + ":" + height);
        }
        if (!filters.isEmpty()) {
            args.addAll(List.of("-vf", String.join(",", filters)));
        }
        args.addAll(List.of("-an", "-sn", "-map", "0:v:0"));
        if (encoding == SendEncoding.jpeg) {
            args.addAll(List.of("-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "3"));
        } else {
            args.addAll(List.of("-f", "rawvideo", "-pix_fmt", "rgb24"));
        }
        args.add("pipe:1");
        return List.copyOf(args);
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    /** Configures an {@link FfmpegCommand}; the source is required. */
    public static final class Builder {

        private String executable = "ffmpeg";
        private String source;
        private SendEncoding encoding = SendEncoding.jpeg;
        private Double fps;
        private Duration start;
        private Duration duration;
        private boolean loop;
        private boolean realTime;
        private int width;
        private int height;

        private Builder() {}

        public Builder setSource(String source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** {@code ffmpeg} on the PATH by default. */
        public Builder optExecutable(String executable) {
            this.executable = Objects.requireNonNull(executable, "executable");
            return this;
        }

        /** JPEG by default. */
        public Builder optEncoding(SendEncoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /** Resample to this rate ({@code -vf fps=}); null (the default) keeps the source's. */
        public Builder optFps(Double fps) {
            this.fps = fps;
            return this;
        }

        /** Seek this far into the source first; null (the default) starts at its start. */
        public Builder optStart(Duration start) {
            this.start = start;
            return this;
        }

        /** Stop after this much of the source; null (the default) reads it all. */
        public Builder optDuration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /** Read a file again and again ({@code -stream_loop -1}); false by default. */
        public Builder optLoop(boolean loop) {
            this.loop = loop;
            return this;
        }

        /** Read at the source's own frame rate ({@code -re}), like a camera; false by default. */
        public Builder optRealTime(boolean realTime) {
            this.realTime = realTime;
            return this;
        }

        /** Scale frames to this size; 0 x 0 (the default) keeps the source's. */
        public Builder optSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public FfmpegCommand build() {
            if (source == null) {
                throw new IllegalStateException("setSource is required");
            }
            return new FfmpegCommand(this);
        }
    }
}
