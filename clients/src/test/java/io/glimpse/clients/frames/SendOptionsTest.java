package io.glimpse.clients.frames;

import io.glimpse.cli.GlimpseCommandLine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

class SendOptionsTest {

    private static final String[] CONNECTION = {"--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1"};

    @TempDir Path dir;

    private CommandRun send(String... args) {
        String[] all = new String[args.length + CONNECTION.length + 1];
        all[0] = "send";
        System.arraycopy(CONNECTION, 0, all, 1, CONNECTION.length);
        System.arraycopy(args, 0, all, 1 + CONNECTION.length, args.length);
        return CommandRun.of(new FramesCommand(), all);
    }

    private Path image() throws IOException {
        Path png = dir.resolve("still.png");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        return png;
    }

    @Test
    void badValuesAreUsageErrorsOnOneLine() throws IOException {
        String still = image().toString();
        assertUsage(send("--fps", "0", still), "--fps must be in (0, 1000], not 0.0");
        assertUsage(send("--size", "640by480", still), "--size must be WIDTHxHEIGHT");
        assertUsage(send("--repeat", "0", still), "--repeat must be at least 1");
        assertUsage(send("--max-frames", "-3", still), "--max-frames must be at least 1");
        assertUsage(send("--encoding", "png", still), "--encoding");
        assertUsage(send("--start", "soon", still), "is not a duration");
        assertUsage(send("--repeat", "3", dir.toString()), "--repeat is for a still image");
        assertUsage(send("--duration", "5s", still), "--start, --duration, --size and --no-pace are for video");
        assertUsage(send("--loop", "rtsp://camera.invalid/stream"), "--loop is for files");
        assertUsage(send(), "Missing required parameter: 'SOURCE'");
    }

    @Test
    void noRegistryIsAUsageError() throws IOException {
        CommandRun run = CommandRun.of(new FramesCommand(), "send", "--schema-registry-url", "", image().toString());
        assertUsage(run, "no schema registry: give --schema-registry-url, schema.registry.url in --config, or set SCHEMA_REGISTRY_URL");
    }

    @Test
    void aMissingSourceIsAFailureNamingIt() {
        CommandRun run = send(dir.resolve("nope.mp4").toString());
        assertThat(run.exitCode()).isEqualTo(GlimpseCommandLine.FAILURE);
        assertThat(run.err().strip()).isEqualTo("send: no such file: " + dir.resolve("nope.mp4"));
    }

    @Test
    void aMissingFfmpegSaysHowToInstallIt() throws IOException {
        Path video = Files.write(dir.resolve("clip.mp4"), new byte[16]);
        CommandRun run = send("--ffmpeg", dir.resolve("no-such-ffmpeg").toString(), video.toString());
        assertThat(run.exitCode()).isEqualTo(GlimpseCommandLine.FAILURE);
        assertThat(run.err().strip()).isEqualTo("send: ffmpeg not found: apt-get install ffmpeg");
    }

    private static void assertUsage(CommandRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(GlimpseCommandLine.USAGE);
        assertThat(run.errorLine()).startsWith("send: ").contains(message);
        assertThat(run.err()).contains("Try 'glimpse frames send --help' for usage.");
    }
}
