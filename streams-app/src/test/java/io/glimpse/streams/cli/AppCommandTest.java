package io.glimpse.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.glimpse.cli.GlimpseCommandLine;
import io.glimpse.streams.GlimpseConfig;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

class AppCommandTest {

    /** The sample shipped in the repository; tests run in the module's directory. */
    private static final Path SAMPLE = Path.of("app.properties");

    /** A glimpse.* key set ("key=value") or shown with its default ("# key=value") in the sample. */
    private static final Pattern SAMPLE_KEY = Pattern.compile("(?m)^(#\\s*)?(glimpse\\.[a-z.]+)=(.*)$");

    private static final Map<String, String> CONTAINER_ENV = Map.of(
            "GLIMPSE_MODEL_CONFIG", "/models/config.json",
            "GLIMPSE_MODEL_WEIGHTS", "/models/student.safetensors",
            "KAFKA_APPLICATION_ID", "glimpse",
            "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
            "SCHEMA_REGISTRY_URL", "http://registry:8081");

    /** Parses a {@code run} command line and loads its settings, without starting an instance. */
    private static GlimpseConfig settings(Map<String, String> env, String... args) throws Exception {
        CommandLine.ParseResult parsed = GlimpseCommandLine.of(new AppCommand(env)).parseArgs(args);
        return ((AppCommand.Run) parsed.subcommand().commandSpec().userObject()).settings();
    }

    @Test
    void shouldRunFromTheEnvironmentAloneWithoutConfigFile() throws Exception {
        GlimpseConfig config = settings(CONTAINER_ENV, "run");

        assertThat(config.getString(GlimpseConfig.MODEL_WEIGHTS_CONFIG)).isEqualTo("/models/student.safetensors");
        assertThat(config.streamsProperties()).containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092");
    }

    @Test
    void shouldLetDashDWinOverConfigFileAndEnvironment() throws Exception {
        Map<String, String> env = new HashMap<>(CONTAINER_ENV);
        env.put("GLIMPSE_TOP_K", "4");

        GlimpseConfig config = settings(env, "run", "--config", SAMPLE.toString(),
                "-D", "glimpse.top.k=7", "-Dbootstrap.servers=cli:9092");

        assertThat(config.getInt(GlimpseConfig.TOP_K_CONFIG)).isEqualTo(7);
        assertThat(config.streamsProperties()).containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "cli:9092");
        assertThat(config.getString(GlimpseConfig.MODEL_WEIGHTS_CONFIG))
                .as("environment over file")
                .isEqualTo("/models/student.safetensors");
    }

    @Test
    void shouldParseTheSampleFileIntoAValidConfig() throws Exception {
        GlimpseConfig config = settings(Map.of(), "run", "--config", SAMPLE.toString());

        assertThat(config.getString(GlimpseConfig.MODEL_CONFIG_CONFIG)).isEqualTo("models/fashion-video/config.json");
        assertThat(config.streamsProperties())
                .containsKeys(StreamsConfig.APPLICATION_ID_CONFIG, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(config.serdeProperties()).containsKey("schema.registry.url");
    }

    @Test
    void shouldDocumentEveryGlimpseKeyInTheSampleFileWithItsTrueDefault() throws Exception {
        ConfigDef def = GlimpseConfig.configDef();
        Map<String, String> shownDefaults = new HashMap<>();
        Map<String, String> documented = new HashMap<>();
        Matcher m = SAMPLE_KEY.matcher(Files.readString(SAMPLE));
        while (m.find()) {
            documented.put(m.group(2), m.group(3).strip());
            if (m.group(1) != null) {
                shownDefaults.put(m.group(2), m.group(3).strip());
            }
        }

        assertThat(documented.keySet()).as("glimpse.* keys in %s", SAMPLE).containsExactlyInAnyOrderElementsOf(def.names());
        shownDefaults.forEach((key, shown) -> {
            ConfigDef.ConfigKey defined = def.configKeys().get(key);
            assertThat(ConfigDef.parseType(key, shown, defined.type)).as("default of %s", key).isEqualTo(defined.defaultValue);
        });
    }

    @Test
    void shouldReportUnknownKeyInOneLine() {
        StringWriter err = new StringWriter();

        int code = execute(err, "run", "-D", "glimpse.batch.max.siz=4");

        assertThat(code).isEqualTo(GlimpseCommandLine.FAILURE);
        assertThat(err.toString().lines())
                .singleElement(STRING)
                .contains("unknown setting 'glimpse.batch.max.siz'; did you mean 'glimpse.batch.max.size'?");
    }

    @Test
    void shouldReportMissingConfigFileInOneLine(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        Path missing = dir.resolve("missing.properties");

        int code = execute(err, "run", "--config", missing.toString());

        assertThat(code).isEqualTo(GlimpseCommandLine.FAILURE);
        assertThat(err.toString().lines())
                .singleElement(STRING)
                .contains("no such file: " + missing);
    }

    private static int execute(StringWriter err, String... args) {
        CommandLine line = GlimpseCommandLine.of(new AppCommand(CONTAINER_ENV));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }
}
