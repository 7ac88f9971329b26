package io.glimpse.demo;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.glimpse.cli.GlimpseCommandLine;
import io.glimpse.clients.frames.FramesCommand;
import io.glimpse.clients.results.ResultsCommand;
import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two real videos, made by ffmpeg, go through the shipped model end to end: sent with
 * {@code glimpse frames send}, served by an in-JVM Glimpse, read back with {@code glimpse results tail}.
 */
@ExtendWith(GlimpseServersExtension.class)
class VideoEndToEndTest {

    /** The app's default {@code glimpse.frame.max.bytes}, plus its record envelope. */
    private static final int FRAMES_MAX_MESSAGE_BYTES = 4 * 1024 * 1024 + 64 * 1024;

    @Test
    @Timeout(180)
    void twoVideosGetOneResultPerFrameInOrderWithTheirLetterboxMapping(LocalServers servers, @TempDir Path dir)
            throws Exception {
        assumeFfmpeg();
        Path a = video(dir, "a.mp4", "640x480", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        Path b = video(dir, "b.avi", "1280x720", "-c:v", "mjpeg");

        Path modelDir = DemoModel.findShipped().orElseThrow(() -> new AssertionError("no shipped models/fashion-video"));
        ModelFiles model = DemoModel.fromDirectory(modelDir, dir.resolve("scratch"));
        DemoTopics topics = DemoTopics.withPrefix(uniqueName("video-e2e"));
        createTopics(servers.bootstrapServers(), topics);

        List<String> lines;
        try (LocalGlimpse glimpse = LocalGlimpse.builder()
                .setBootstrapServers(servers.bootstrapServers())
                .setRegistryUrl(servers.registryUrl())
                .setModel(model)
                .optTopics(topics)
                .optApplicationId(uniqueName("video-e2e-app"))
                .optBatchSize(4)
                .optWorkers(2)
                .start()) {
            for (String[] video : List.of(new String[] {a.toString(), "cam-a"}, new String[] {b.toString(), "cam-b"})) {
                Run send = run(new FramesCommand(), "send", "--bootstrap-servers", servers.bootstrapServers(),
                        "--schema-registry-url", servers.registryUrl(), "--topic", topics.frames(),
                        "--stream-id", video[1], "--no-pace", video[0]);
                assertThat(send.exitCode()).as(send.err()).isZero();
                assertThat(send.err()).contains("sent 10 frames");
            }
            Run tail = run(new ResultsCommand(), "tail", "--bootstrap-servers", servers.bootstrapServers(),
                    "--schema-registry-url", servers.registryUrl(), "--topic", topics.results(),
                    "--from-beginning", "--max", "20");
            assertThat(tail.exitCode()).as(tail.err()).isZero();
            lines = tail.out().lines().toList();
        }

        ObjectMapper json = new ObjectMapper();
        Map<String, List<JsonNode>> byStream = new LinkedHashMap<>();
        for (String line : lines) {
            JsonNode r = json.readTree(line);
            byStream.computeIfAbsent(r.get("streamId").asText(), k -> new ArrayList<>()).add(r);
        }
        assertThat(lines).hasSize(20);
        assertThat(byStream).containsOnlyKeys("cam-a", "cam-b");
        assertStream(byStream.get("cam-a"), 640, 480, 64, 48);
        assertStream(byStream.get("cam-b"), 1280, 720, 64, 36);
    }

    private static void assertStream(List<JsonNode> results, int frameWidth, int frameHeight, int inputWidth,
            int inputHeight) {
        assertThat(results).hasSize(10);
        assertThat(results).extracting(r -> r.get("sequence").asLong())
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L)
                .doesNotHaveDuplicates();
        assertThat(results).allSatisfy(r -> {
            assertThat(r.at("/inputMapping/frameWidth").asInt()).isEqualTo(frameWidth);
            assertThat(r.at("/inputMapping/frameHeight").asInt()).isEqualTo(frameHeight);
            assertThat(r.at("/inputMapping/inputWidth").asInt()).isEqualTo(inputWidth);
            assertThat(r.at("/inputMapping/inputHeight").asInt()).isEqualTo(inputHeight);
            assertThat(r.path("modelVersion").asText()).isNotBlank();
        });
    }

    /** Frames topic sized for the app's largest accepted frame; DemoTopics.create leaves the broker's default. */
    private static void createTopics(String bootstrapServers, DemoTopics topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(
                    new NewTopic(topics.frames(), 2, (short) 1).configs(
                            Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(FRAMES_MAX_MESSAGE_BYTES))),
                    new NewTopic(topics.results(), 2, (short) 1),
                    new NewTopic(topics.deadLetters(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = GlimpseCommandLine.of(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A one-second, 10 fps test pattern, made by ffmpeg. */
    private static Path video(Path dir, String name, String size, String... codec) throws Exception {
        Path file = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                "-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=10", "-t", "1"));
        command.addAll(List.of(codec));
        command.add(file.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return file;
    }

    /** Skips without ffmpeg, unless GLIMPSE_FFMPEG_REQUIRED=1 makes its absence a failure. */
    private static void assumeFfmpeg() {
        boolean present;
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        if ("1".equals(System.getenv("GLIMPSE_FFMPEG_REQUIRED"))) {
            assertThat(present).as("ffmpeg on the PATH (GLIMPSE_FFMPEG_REQUIRED=1)").isTrue();
        }
        assumeTrue(present, "ffmpeg not installed");
    }
}
