package io.glimpse.clients.results;

import io.glimpse.cli.GlimpseCommandLine;
import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.InputMapping;
import io.glimpse.schemas.avro.Label;
import io.glimpse.schemas.avro.PatchGrid;
import io.glimpse.schemas.avro.StageKeep;
import io.glimpse.schemas.avro.Timings;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(GlimpseServersExtension.class)
class ResultsTailTest {

    private final LocalServers servers;

    ResultsTailTest(LocalServers servers) {
        this.servers = servers;
    }

    static FrameResult result(String stream, long sequence, InputMapping mapping) {
        return FrameResult.newBuilder().setStreamId(stream).setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(1_000 + sequence)).setResultTime(Instant.ofEpochMilli(1_040 + sequence))
                .setLabels(List.of(new Label(3, "Shirt", 0.75f), new Label(1, "Trouser", 0.125f)))
                .setKeepRatio(0.7f).setModelVersion("v1").setPatchGrid(new PatchGrid(2, 2, 14))
                .setKeptTokens(List.of(new StageKeep(1, List.of(0, 1, 3)), new StageKeep(2, List.of(3, 0))))
                .setTimings(new Timings(10L, 20L, 40_000L)).setInputMapping(mapping).build();
    }

    private String[] args(String topic, String... more) {
        String[] base = {"tail", "--bootstrap-servers", servers.bootstrapServers(), "--schema-registry-url",
                servers.registryUrl(), "--topic", topic};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private String[] run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = GlimpseCommandLine.of(new ResultsCommand());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        assertThat(line.execute(args)).as(err.toString()).isEqualTo(expectedExit);
        return out.toString().lines().toArray(String[]::new);
    }

    @Test
    void tailsJsonLinesFromTheBeginningFilteredAndBounded() throws Exception {
        String topic = GlimpseServersExtension.uniqueName("results");
        InputMapping mapping = new InputMapping(640, 480, 0.0, 0.0, 640.0, 480.0, 0, 28, 224, 168);
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, servers.registryUrl());
        try (KafkaProducer<String, FrameResult> producer = new KafkaProducer<>(props, new StringSerializer(),
                AvroSerde.specific(FrameResult.class, AvroSerdeConfig.fromProperties(props, false)).serializer())) {
            for (long i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, "cam-a", result("cam-a", i, i == 0 ? mapping : null)));
                producer.send(new ProducerRecord<>(topic, "cam-b", result("cam-b", i, null)));
            }
        }
        String[] lines = run(0, args(topic, "--from-beginning", "--max", "3", "--stream-id", "cam-a", "--kept-ids"));
        assertThat(lines).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines[0]);
        assertThat(first.get("streamId").asText()).isEqualTo("cam-a");
        assertThat(first.get("sequence").asLong()).isZero();
        assertThat(first.get("latencyMs").asLong()).isEqualTo(40);
        assertThat(first.get("label").asText()).isEqualTo("Shirt");
        assertThat(first.get("probability").asDouble()).isEqualTo(0.75);
        assertThat(first.get("labels")).hasSize(2);
        assertThat(first.get("keepRatio").floatValue()).isEqualTo(0.7f);
        assertThat(first.get("modelVersion").asText()).isEqualTo("v1");
        assertThat(first.at("/kept/0/count").asInt()).isEqualTo(3);
        assertThat(first.at("/kept/1/patchIds").toString()).isEqualTo("[3,0]");
        assertThat(first.at("/inputMapping/inputY").asInt()).isEqualTo(28);
        assertThat(first.at("/inputMapping/frameWidth").asInt()).isEqualTo(640);
        JsonNode second = json.readTree(lines[1]);
        assertThat(second.get("sequence").asLong()).isEqualTo(1);
        assertThat(second.has("inputMapping")).isFalse();
        assertThat(json.readTree(lines[2]).get("sequence").asLong()).isEqualTo(2);

        String[] table = run(0, args(topic, "--from-beginning", "--max", "2", "--format", "table", "--stream-id", "cam-b"));
        assertThat(table).hasSize(3);
        assertThat(table[0]).startsWith("captured").contains("latency", "label", "kept");
        assertThat(table[1]).contains("cam-b", "40ms", "Shirt", "0.750", "0.70", "3/2", "v1");
    }

    @Test
    void anIdleTimeoutEndsTheTailAndFailsWhenMaxWasNotReached() throws Exception {
        String topic = GlimpseServersExtension.uniqueName("results");
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, servers.registryUrl());
        try (KafkaProducer<String, FrameResult> producer = new KafkaProducer<>(props, new StringSerializer(),
                AvroSerde.specific(FrameResult.class, AvroSerdeConfig.fromProperties(props, false)).serializer())) {
            for (long i = 0; i < 2; i++) {
                producer.send(new ProducerRecord<>(topic, "cam-a", result("cam-a", i, null)));
            }
        }
        assertThat(run(0, args(topic, "--from-beginning", "--idle-timeout", "2s"))).hasSize(2);
        assertThat(run(GlimpseCommandLine.FAILURE, args(topic, "--from-beginning", "--max", "3", "--idle-timeout", "2s")))
                .hasSize(2);
        assertThat(run(0, args(topic, "--from-beginning", "--max", "2", "--idle-timeout", "2s"))).hasSize(2);
    }

    @Test
    void aBadMaxIsAUsageError() {
        assertThat(run(GlimpseCommandLine.USAGE, args("x", "--idle-timeout", "0s"))).isEmpty();
        assertThat(run(GlimpseCommandLine.USAGE, args("x", "--max", "0"))).isEmpty();
        assertThat(run(GlimpseCommandLine.USAGE, args("x", "--format", "csv"))).isEmpty();
    }
}
