package io.glimpse.clients.frames;

import io.glimpse.cli.DurationConverter;
import io.glimpse.clients.ConnectionOptions;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code glimpse frames send SOURCE}: one stream's frames from a video file or URL (through ffmpeg), a
 * directory of images, or a still image. Capture time is the moment each frame is sent; a video file
 * is read at its own frame rate ({@code -re}) unless {@code --no-pace}, so those times are spaced as a
 * camera's would be.
 */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send frames from a video file or stream (through ffmpeg), a directory of images, or a still image.",
            "Capture time = send time; video files are paced at their frame rate (or --fps) unless --no-pace."})
final class SendCommand implements Callable<Integer> {

    private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "A video file or URL (anything ffmpeg reads: MP4, MJPEG AVI, rtsp://...), a directory of"
                    + " images (.png .jpg .jpeg .bmp .gif, sent in name order), or one image.")
    String source;

    @Option(names = "--topic", defaultValue = "glimpse.frames", description = "Frames topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--stream-id", description = "Stream id and record key (default: the source's file name).")
    String streamId;

    @Option(names = "--fps", description = "Frame rate: video is resampled to it (ffmpeg -vf fps=); images are sent at it"
            + " (default: the video's own rate; images as fast as possible).")
    Double fps;

    @Option(names = "--start", converter = DurationConverter.class, description = "Video: start this far in (e.g. 90s).")
    Duration start;

    @Option(names = "--duration", converter = DurationConverter.class, description = "Video: send this much of it (e.g. 10s).")
    Duration duration;

    @Option(names = "--loop", description = "Start over at the end, until --max-frames or Ctrl-C.")
    boolean loop;

    @Option(names = "--repeat", paramLabel = "N", description = "Still image: send it N times (default 1).")
    Long repeat;

    @Option(names = "--encoding", paramLabel = "jpeg|rgb",
            description = "Frame encoding: ${COMPLETION-CANDIDATES} (default: jpeg for video; images as they are)."
                    + " RGB frames are width*height*3 bytes: they must fit the topic's max.message.bytes.")
    SendEncoding encoding;

    @Option(names = "--size", paramLabel = "WxH", description = "Video: scale frames to this size (e.g. 640x480).")
    String size;

    @Option(names = "--max-frames", paramLabel = "N", description = "Stop after N frames.")
    Long maxFrames;

    @Option(names = "--no-pace", description = "Video files: send as fast as ffmpeg decodes, not at the frame rate.")
    boolean noPace;

    @Option(names = "--ffmpeg", paramLabel = "PATH", defaultValue = "ffmpeg",
            description = "ffmpeg executable (default ${DEFAULT-VALUE}; ffprobe is looked for next to it).")
    String ffmpeg;

    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        validate();
        try {
            return send();
        } catch (Exception e) {
            throw ConnectionOptions.explained(e, connection.clientProperties());
        }
    }

    private Integer send() throws Exception {
        Kind kind = kind();
        checkOptions(kind);
        PrintWriter err = spec.commandLine().getErr();
        long limit = maxFrames == null ? Long.MAX_VALUE : maxFrames;
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopping = true;
            try {
                done.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "glimpse-frames-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        ProgressLine progress = new ProgressLine(err);
        try (FrameSource frames = open(kind);
                FrameSender sender = FrameSender.builder().setClientProperties(connection.clientProperties())
                        .setTopic(topic).setStreamId(streamId()).build()) {
            Pacer pacer = new Pacer(kind == Kind.VIDEO || fps == null ? 0 : fps);
            while (sender.sent() < limit && !stopping) {
                Optional<EncodedImage> image;
                try {
                    image = frames.next();
                } catch (IOException e) {
                    if (stopping) {
                        break;
                    }
                    throw e;
                }
                if (image.isEmpty()) {
                    break;
                }
                pacer.await(sender.sent());
                sender.send(image.get());
                progress.update(sender.sent(), sender.bytes());
            }
            sender.flush();
            progress.finish(sender.sent(), sender.bytes());
            if (sender.sent() == 0 && !stopping) {
                throw new IOException("no frames in " + source);
            }
        } catch (Exception e) {
            progress.endLine(); // the error gets a line of its own, not the tail of the status line
            throw e;
        } finally {
            done.countDown();
            if (!stopping) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return 0;
    }

    /** What the source is, by its form: a URL and anything not an image or directory go to ffmpeg. */
    enum Kind { VIDEO, LIVE, DIRECTORY, STILL }

    Kind kind() throws IOException {
        if (source.contains("://")) {
            return Kind.LIVE;
        }
        Path path = Path.of(source);
        if (!Files.exists(path)) {
            throw new NoSuchFileException(source);
        }
        if (Files.isDirectory(path)) {
            return Kind.DIRECTORY;
        }
        return ImageFileSource.isImageName(path) ? Kind.STILL : Kind.VIDEO;
    }

    private FrameSource open(Kind kind) throws IOException {
        long passes = loop ? Long.MAX_VALUE : 1;
        return switch (kind) {
            case DIRECTORY -> ImageFileSource.directory(Path.of(source), passes, encoding);
            case STILL -> ImageFileSource.still(Path.of(source), loop ? Long.MAX_VALUE : repeat == null ? 1 : repeat, encoding);
            case VIDEO, LIVE -> {
                FfmpegCommand.Builder command = FfmpegCommand.builder().setSource(source).optExecutable(ffmpeg)
                        .optEncoding(encoding == null ? SendEncoding.jpeg : encoding).optFps(fps).optStart(start)
                        .optDuration(duration).optLoop(loop && kind == Kind.VIDEO).optRealTime(kind == Kind.VIDEO && !noPace);
                if (size != null) {
                    Matcher m = SIZE.matcher(size);
                    m.matches();
                    command.optSize(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                }
                yield FfmpegSource.start(command.build());
            }
        };
    }

    private void validate() {
        if (fps != null && !(fps > 0 && fps <= 1000)) {
            throw usage("--fps must be in (0, 1000], not " + fps);
        }
        if (repeat != null && repeat < 1) {
            throw usage("--repeat must be at least 1, not " + repeat);
        }
        if (maxFrames != null && maxFrames < 1) {
            throw usage("--max-frames must be at least 1, not " + maxFrames);
        }
        if (size != null) {
            Matcher m = SIZE.matcher(size);
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(2)) < 1
                    || m.group(1).length() > 5 || m.group(2).length() > 5) {
                throw usage("--size must be WIDTHxHEIGHT, e.g. 640x480, not '" + size + "'");
            }
        }
        if (topic.isBlank() || (streamId != null && streamId.isBlank())) {
            throw usage("--topic and --stream-id must not be blank");
        }
        connection.clientProperties();
    }

    private void checkOptions(Kind kind) {
        boolean video = kind == Kind.VIDEO || kind == Kind.LIVE;
        if (repeat != null && kind != Kind.STILL) {
            throw usage("--repeat is for a still image; use --loop for a video or directory");
        }
        if (!video && (start != null || duration != null || size != null || noPace)) {
            throw usage("--start, --duration, --size and --no-pace are for video; " + source + " is "
                    + (kind == Kind.STILL ? "an image" : "a directory of images"));
        }
        if (kind == Kind.LIVE && loop) {
            throw usage("--loop is for files; a stream (" + source + ") has no end to start over from");
        }
    }

    private String streamId() {
        if (streamId != null) {
            return streamId;
        }
        String trimmed = source.replaceAll("[/\\\\]+$", "");
        String name = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
        return name.isEmpty() ? "stream" : name;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
