package io.glimpse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped logback.xml, as every {@code glimpse} command meets it: {@link LoggingProbe} runs in a child
 * JVM on this module's test class path (this module's logback.xml, Logback, SLF4J), with the environment
 * and system properties a user or a container would set.
 */
class LoggingConfigurationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldWriteReadableLinesToStderrByDefault() throws Exception {
        Run run = probe(Map.of(), List.of());

        assertThat(run.stdout()).as("stdout is for results").isEmpty();
        assertThat(run.stderr()).contains("INFO", LoggingProbe.GLIMPSE_LOGGER, "frame \"cam-1\" classified")
                .contains("ERROR", LoggingProbe.ERROR_MESSAGE)
                .contains("java.lang.IllegalStateException: " + LoggingProbe.EXCEPTION_MESSAGE, "\tat io.glimpse.cli.LoggingProbe.main");
        for (String line : run.stderr().lines().toList()) {
            assertThatThrownBy(() -> JSON.readTree(line)).as("not JSON: %s", line).isInstanceOf(JsonProcessingException.class);
        }
    }

    @Test
    void shouldWriteJsonLinesWhenTheEnvironmentAsksForThem() throws Exception {
        Run run = probe(Map.of("GLIMPSE_LOG_FORMAT", "json"), List.of());

        assertJsonEvents(run);
    }

    @Test
    void shouldWriteJsonLinesWhenTheSystemPropertyAsksForThem() throws Exception {
        Run run = probe(Map.of(), List.of("-Dglimpse.log.format=json"));

        assertJsonEvents(run);
    }

    @Test
    void shouldLetTheSystemPropertyWinOverTheEnvironment() throws Exception {
        Run run = probe(Map.of("GLIMPSE_LOG_FORMAT", "json"), List.of("-Dglimpse.log.format=text"));

        assertThat(run.stderr()).doesNotStartWith("{")
                .contains("java.lang.IllegalStateException: " + LoggingProbe.EXCEPTION_MESSAGE);
    }

    @Test
    void shouldTakeGlimpseLevelFromTheEnvironmentOrTheSystemProperty() throws Exception {
        assertThat(probe(Map.of(), List.of()).stderr()).as("info by default").doesNotContain(LoggingProbe.DEBUG_MESSAGE);
        assertThat(probe(Map.of("GLIMPSE_LOG_LEVEL", "debug"), List.of()).stderr()).contains(LoggingProbe.DEBUG_MESSAGE);
        assertThat(probe(Map.of(), List.of("-Dglimpse.log.level=error")).stderr())
                .contains(LoggingProbe.ERROR_MESSAGE)
                .doesNotContain("classified");
    }

    @Test
    void shouldTurnDownNoisyLibrariesByTheirOwnLoggers() throws Exception {
        String log = probe(Map.of(), List.of()).stderr();

        assertThat(log).as("Kafka clients' configuration dumps").doesNotContain(LoggingProbe.KAFKA_INFO);
        assertThat(log).as("Kafka's warnings").contains(LoggingProbe.KAFKA_WARN);
        assertThat(log).as("DJL's CUDA probe").doesNotContain(LoggingProbe.CUDA_WARN);
    }

    @Test
    void shouldWriteToTheFileNamedBySystemPropertyInsteadOfStderr() throws Exception {
        Path file = dir.resolve("logs").resolve("demo.log");

        Run run = probe(Map.of(), List.of("-Dglimpse.log.file=" + file));

        assertThat(run.stderr()).isEmpty();
        assertThat(Files.readString(file)).contains("frame \"cam-1\" classified", LoggingProbe.EXCEPTION_MESSAGE);
    }

    private static void assertJsonEvents(Run run) throws IOException {
        assertThat(run.stdout()).isEmpty();
        List<JsonNode> events = new ArrayList<>();
        for (String line : run.stderr().lines().toList()) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).as(run.stderr()).hasSize(3);

        JsonNode info = events.get(0);
        assertThat(info.path("level").asText()).isEqualTo("INFO");
        assertThat(info.path("loggerName").asText()).isEqualTo(LoggingProbe.GLIMPSE_LOGGER);
        assertThat(info.path("formattedMessage").asText()).isEqualTo("frame \"cam-1\" classified");
        assertThat(info.path("timestamp").asLong()).isPositive();

        JsonNode error = events.get(1);
        assertThat(error.path("level").asText()).isEqualTo("ERROR");
        assertThat(error.path("formattedMessage").asText()).isEqualTo(LoggingProbe.ERROR_MESSAGE);
        JsonNode thrown = error.path("throwable");
        assertThat(thrown.path("className").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(thrown.path("message").asText()).isEqualTo(LoggingProbe.EXCEPTION_MESSAGE);
        assertThat(thrown.path("stepArray").get(0).path("className").asText()).isEqualTo(LoggingProbe.class.getName());
        assertThat(thrown.path("stepArray").get(0).path("methodName").asText()).isEqualTo("main");

        assertThat(events.get(2).path("level").asText()).isEqualTo("WARN");
        assertThat(events.get(2).path("formattedMessage").asText()).isEqualTo(LoggingProbe.KAFKA_WARN);
    }

    /** Runs the probe with this test's class path, the given variables and JVM options, and no inherited GLIMPSE_LOG_*. */
    private Run probe(Map<String, String> environment, List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoggingProbe.class.getName()));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("GLIMPSE_LOG_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("probe finished").isTrue();
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(stderr).isZero();
        return new Run(Files.readString(out, StandardCharsets.UTF_8), stderr);
    }

    private record Run(String stdout, String stderr) {}
}
