package io.glimpse.schemas.serde;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.KafkaTopics;
import io.glimpse.schemas.SampleRecords;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.registry.CachingSchemaRegistryClient;
import io.glimpse.schemas.registry.RestSchemaRegistryClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Assumptions;

/**
 * Glimpse and Confluent's official client read each other's bytes, through the same registry and broker.
 * The Confluent side is {@code @confluentinc/schemaregistry} on Node ({@code src/test/js/interop.js}).
 * Without Node or without {@code npm ci} in {@code src/test/js} the tests are skipped — unless
 * {@code GLIMPSE_INTEROP_REQUIRED=1} (or {@code -Dglimpse.interop.required=true}), where they fail.
 */
@ExtendWith(GlimpseServersExtension.class)
class ConfluentInteropTest {

    private static final Path JS = Path.of("src", "test", "js").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalServers servers;
    private static AvroSerdeConfig config;

    @TempDir
    Path work;

    @BeforeAll
    static void requireNodeAndTheConfluentClient(LocalServers localServers) throws Exception {
        servers = localServers;
        config = AvroSerdeConfig.builder().setRegistry(new CachingSchemaRegistryClient(
                RestSchemaRegistryClient.builder().setUrl(servers.registryUrl()).build())).build();
        String missing = null;
        if (!Files.isRegularFile(JS.resolve("node_modules/@confluentinc/schemaregistry/package.json"))) {
            missing = "@confluentinc/schemaregistry is not installed: run (cd schemas/src/test/js && npm ci)";
        } else if (!nodeRuns()) {
            missing = "node is not on the PATH";
        }
        if (missing != null) {
            if (Boolean.getBoolean("glimpse.interop.required") || "1".equals(System.getenv("GLIMPSE_INTEROP_REQUIRED"))) {
                throw new IllegalStateException("interop is required but " + missing);
            }
            Assumptions.abort("Confluent interop skipped: " + missing);
        }
    }

    @Test
    void shouldReadAVideoFrameThatConfluentsClientWrote() throws Exception {
        String topic = uniqueName("js-frames");
        VideoFrame expected = SampleRecords.videoFrame();
        Path input = work.resolve("frame.json");
        Files.writeString(input, JSON.createObjectNode()
                .put("streamId", expected.getStreamId())
                .put("sequence", expected.getSequence())
                .put("captureTime", expected.getCaptureTime().toEpochMilli())
                .put("width", expected.getWidth())
                .put("height", expected.getHeight())
                .put("channels", expected.getChannels())
                .put("encoding", PixelEncoding.RGB8.name())
                .put("data", Base64.getEncoder().encodeToString(expected.getData().array()))
                .toString());
        Path output = work.resolve("frame.bin");

        node("serialize", servers.registryUrl(), topic,
                Path.of("src/main/avro/VideoFrame.avsc").toAbsolutePath().toString(), input.toString(), output.toString());
        KafkaTopics.send(servers.bootstrapServers(), topic, new ByteArraySerializer(), Files.readAllBytes(output));

        VideoFrame read = KafkaTopics.readOne(servers.bootstrapServers(), topic,
                AvroDeserializer.specific(VideoFrame.class, config));
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void shouldLetConfluentsClientReadAFrameResultGlimpseWrote() throws Exception {
        String topic = uniqueName("js-results");
        FrameResult result = SampleRecords.frameResult();
        KafkaTopics.send(servers.bootstrapServers(), topic, new AvroSerializer<FrameResult>(config), result);
        byte[] bytes = KafkaTopics.readOne(servers.bootstrapServers(), topic, new ByteArrayDeserializer());
        Path input = work.resolve("result.bin");
        Path output = work.resolve("result.json");
        Files.write(input, bytes);

        node("deserialize", servers.registryUrl(), topic, input.toString(), output.toString());

        JsonNode read = JSON.readTree(output.toFile());
        assertThat(read.path("streamId").asText()).isEqualTo(result.getStreamId());
        assertThat(read.path("sequence").asLong()).isEqualTo(result.getSequence());
        assertThat(read.path("captureTime").asLong()).isEqualTo(result.getCaptureTime().toEpochMilli());
        assertThat(read.path("resultTime").asLong()).isEqualTo(result.getResultTime().toEpochMilli());
        assertThat(read.path("modelVersion").asText()).isEqualTo(result.getModelVersion());
        assertThat(read.path("keepRatio").floatValue()).isEqualTo(result.getKeepRatio(), within(1e-6f));
        assertThat(read.path("labels")).hasSize(2);
        assertThat(read.path("labels").get(0).path("name").asText()).isEqualTo("tabby cat");
        assertThat(read.path("labels").get(0).path("classIndex").asInt()).isEqualTo(281);
        assertThat(read.path("labels").get(0).path("probability").floatValue()).isEqualTo(0.8125f);
        assertThat(read.path("patchGrid").path("cols").asInt()).isEqualTo(14);
        assertThat(read.path("keptTokens")).hasSize(3);
        List<Integer> stage1 = new ArrayList<>();
        read.path("keptTokens").get(0).path("patchIds").forEach(id -> stage1.add(id.asInt()));
        assertThat(stage1).containsExactly(17, 3, 190, 44);
        assertThat(read.path("timings").path("inferenceMicros").asLong()).isEqualTo(23_250L);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isPositive();
    }

    private static boolean nodeRuns() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void node(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "interop.js"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(JS.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(process.exitValue()).as("node " + String.join(" ", args) + ":\n" + output).isZero();
    }
}
