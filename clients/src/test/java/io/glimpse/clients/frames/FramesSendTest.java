package io.glimpse.clients.frames;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(GlimpseServersExtension.class)
class FramesSendTest {

    @TempDir Path dir;

    private final LocalServers servers;

    FramesSendTest(LocalServers servers) {
        this.servers = servers;
    }

    @Test
    void aDirectoryOfPngsGoesOutInNameOrder() throws IOException {
        Path images = Files.createDirectory(dir.resolve("shots"));
        png(images.resolve("b.png"), 20, 10);
        png(images.resolve("a.png"), 30, 40);
        png(images.resolve("c.png"), 8, 6);
        Files.writeString(images.resolve("notes.txt"), "not an image");
        String topic = GlimpseServersExtension.uniqueName("frames");
        CommandRun run = send(topic, images.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("sent 3 frames");
        List<ConsumerRecord<String, VideoFrame>> records = read(topic, 3);
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("shots");
        assertThat(records).extracting(r -> r.value().getSequence()).containsExactly(0L, 1L, 2L);
        assertThat(records).extracting(r -> r.value().getWidth() + "x" + r.value().getHeight())
                .containsExactly("30x40", "20x10", "8x6");
        assertThat(records).extracting(r -> r.value().getEncoding()).containsOnly(PixelEncoding.PNG);
        assertThat(records.get(0).value().getData().remaining()).isEqualTo(Files.size(images.resolve("a.png")));
        assertThat(records.get(1).value().getCaptureTime()).isAfterOrEqualTo(records.get(0).value().getCaptureTime());
    }

    @Test
    void aStillIsRepeatedAsRgbUnderItsStreamId() throws IOException {
        Path still = png(dir.resolve("still.png"), 5, 4);
        String topic = GlimpseServersExtension.uniqueName("frames");
        CommandRun run = send(topic, still.toString(), "--repeat", "4", "--encoding", "rgb", "--stream-id", "cam-7",
                "--fps", "50");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<ConsumerRecord<String, VideoFrame>> records = read(topic, 4);
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("cam-7");
        assertThat(records).extracting(r -> r.value().getSequence()).containsExactly(0L, 1L, 2L, 3L);
        VideoFrame first = records.get(0).value();
        assertThat(first.getEncoding()).isEqualTo(PixelEncoding.RGB8);
        assertThat(first.getChannels()).isEqualTo(3);
        assertThat(first.getData().remaining()).isEqualTo(5 * 4 * 3);
        assertThat(records.get(3).value().getCaptureTime().toEpochMilli() - first.getCaptureTime().toEpochMilli())
                .as("paced at 50 fps").isGreaterThanOrEqualTo(50);
    }

    @Test
    void anMp4GoesThroughFfmpegAsJpegFrames() throws Exception {
        Path video = video("clip.mp4", "640x480", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        String topic = GlimpseServersExtension.uniqueName("frames");
        CommandRun run = send(topic, video.toString(), "--no-pace");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<ConsumerRecord<String, VideoFrame>> records = read(topic, 10);
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("clip.mp4");
        assertThat(records).extracting(r -> r.value().getSequence()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.value().getEncoding()).isEqualTo(PixelEncoding.JPEG);
            assertThat(r.value().getWidth()).isEqualTo(640);
            assertThat(r.value().getHeight()).isEqualTo(480);
            assertThat(ImageIO.read(new java.io.ByteArrayInputStream(bytes(r.value()))).getWidth()).isEqualTo(640);
        });
    }

    @Test
    void anMjpegAviResampledAsRawRgbWithItsSizeFromFfprobe() throws Exception {
        Path video = video("hd.avi", "1280x720", "-c:v", "mjpeg");
        String topic = GlimpseServersExtension.uniqueName("frames");
        CommandRun run = send(topic, video.toString(), "--encoding", "rgb", "--fps", "5", "--size", "320x180",
                "--max-frames", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<ConsumerRecord<String, VideoFrame>> records = read(topic, 3);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.value().getEncoding()).isEqualTo(PixelEncoding.RGB8);
            assertThat(r.value().getData().remaining()).isEqualTo(320 * 180 * 3);
        });
        assertThat(FfmpegSource.probeSize(FfmpegCommand.builder().setSource(video.toString()).build()))
                .containsExactly(1280, 720);
        // Paced (-re) and resampled to 5 fps: 3 frames span about 0.4 s of capture time.
        long span = records.get(2).value().getCaptureTime().toEpochMilli() - records.get(0).value().getCaptureTime().toEpochMilli();
        assertThat(span).isBetween(200L, 2000L);
    }

    @Test
    void anUnreadableVideoFailsWithFfmpegsReason() throws Exception {
        assumeFfmpeg();
        Path bogus = Files.writeString(dir.resolve("bogus.mp4"), "this is not a video");
        CommandRun run = send(GlimpseServersExtension.uniqueName("frames"), bogus.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().filter(l -> l.startsWith("send: ")).findFirst().orElse(run.err()))
                .startsWith("send: cannot read " + bogus + ": ").contains("Invalid data");
    }

    private CommandRun send(String topic, String... args) {
        List<String> all = new ArrayList<>(List.of("send", "--bootstrap-servers", servers.bootstrapServers(),
                "--schema-registry-url", servers.registryUrl(), "--topic", topic));
        all.addAll(List.of(args));
        return CommandRun.of(new FramesCommand(), all.toArray(String[]::new));
    }

    private List<ConsumerRecord<String, VideoFrame>> read(String topic, int count) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, servers.registryUrl(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, VideoFrame>> records = new ArrayList<>();
        try (KafkaConsumer<String, VideoFrame> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                AvroSerde.specific(VideoFrame.class, AvroSerdeConfig.fromProperties(props, false)).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + 15_000;
            while (records.size() < count && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        assertThat(records).hasSize(count);
        return records;
    }

    private static byte[] bytes(VideoFrame frame) {
        byte[] b = new byte[frame.getData().remaining()];
        frame.getData().duplicate().get(b);
        return b;
    }

    private static Path png(Path file, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xFF0000);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** A one-second, 10 fps test pattern, made by ffmpeg itself. */
    private Path video(String name, String size, String... codec) throws Exception {
        assumeFfmpeg();
        Path file = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-f",
                "lavfi", "-i", "testsrc=size=" + size + ":rate=10", "-t", "1"));
        command.addAll(List.of(codec));
        command.add(file.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return file;
    }

    /** Skips without ffmpeg, unless GLIMPSE_FFMPEG_REQUIRED=1 makes its absence a failure. */
    static void assumeFfmpeg() {
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
