package io.glimpse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.model.precision.Precision;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

class GlimpseConfigTest {

    /** The least an instance needs: the model files and where Kafka and the registry are. */
    private static Map<String, Object> minimal() {
        Map<String, Object> props = new HashMap<>();
        props.put(GlimpseConfig.MODEL_CONFIG_CONFIG, "model/config.json");
        props.put(GlimpseConfig.MODEL_WEIGHTS_CONFIG, "model/weights.safetensors");
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "glimpse");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092");
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://registry:8081");
        return props;
    }

    @Test
    void shouldRefuseProcessingGuaranteeOtherThanExactlyOnceV2() {
        Map<String, Object> props = minimal();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);

        assertThatThrownBy(() -> new GlimpseConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("processing.guarantee=at_least_once")
                .hasMessageContaining("exactly_once_v2")
                .hasMessageContaining(GlimpseConfig.PROCESSING_GUARANTEE_OVERRIDE_CONFIG + "=true");
    }

    @Test
    void shouldAllowAnotherProcessingGuaranteeWhenTheOverrideIsSet() {
        Map<String, Object> props = minimal();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(GlimpseConfig.PROCESSING_GUARANTEE_OVERRIDE_CONFIG, "true");

        GlimpseConfig config = new GlimpseConfig(props);

        assertThat(config.streamsProperties())
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)
                .doesNotContainKey(GlimpseConfig.PROCESSING_GUARANTEE_OVERRIDE_CONFIG);
    }

    @Test
    void shouldRunExactlyOnceV2WhetherSetExplicitlyOrNot() {
        Map<String, Object> explicit = minimal();
        explicit.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);

        assertThat(new GlimpseConfig(explicit).streamsProperties())
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(new GlimpseConfig(minimal()).streamsProperties())
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void shouldRefuseUnknownGlimpseKeyNamingTheClosestKnownKey() {
        Map<String, Object> props = minimal();
        props.put("glimpse.batch.max.siz", "32");

        assertThatThrownBy(() -> new GlimpseConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown setting 'glimpse.batch.max.siz'; did you mean 'glimpse.batch.max.size'?");
    }

    @Test
    void shouldReportMisspeltRequiredKeyAsTheTypoNotAsMissing() {
        Map<String, Object> props = minimal();
        props.put("glimpse.model.confg", props.remove(GlimpseConfig.MODEL_CONFIG_CONFIG));

        assertThatThrownBy(() -> new GlimpseConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("did you mean 'glimpse.model.config'?");
    }

    @Test
    void shouldPassKeysOutsideGlimpseThroughToStreamsAndSerdes() {
        Map<String, Object> props = minimal();
        props.put("custom.interceptor.setting", "on");

        GlimpseConfig config = new GlimpseConfig(props);

        assertThat(config.streamsProperties())
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry("custom.interceptor.setting", "on")
                .doesNotContainKey(GlimpseConfig.MODEL_CONFIG_CONFIG);
        assertThat(config.serdeProperties())
                .containsEntry(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://registry:8081")
                .containsEntry("custom.interceptor.setting", "on");
    }

    @Test
    void shouldShareTheProcessorsAmongWorkersWhenEngineThreadsIsZero() {
        Map<String, Object> twoWorkers = minimal();
        twoWorkers.put(GlimpseConfig.WORKERS_CONFIG, 2);
        Map<String, Object> threeWorkers = minimal();
        threeWorkers.put(GlimpseConfig.WORKERS_CONFIG, 3);

        assertThat(new GlimpseConfig(minimal()).getInt(GlimpseConfig.ENGINE_THREADS_CONFIG)).isZero();
        assertThat(new GlimpseConfig(minimal()).engineThreads(8)).as("one worker per core by default").isEqualTo(1);
        assertThat(new GlimpseConfig(minimal()).workers(8)).isEqualTo(8);
        assertThat(new GlimpseConfig(twoWorkers).workers(8)).isEqualTo(2);
        assertThat(new GlimpseConfig(twoWorkers).engineThreads(8)).isEqualTo(4);
        assertThat(new GlimpseConfig(twoWorkers).engineThreads(5)).isEqualTo(2);
        assertThat(new GlimpseConfig(threeWorkers).engineThreads(2)).as("at least one thread").isEqualTo(1);
        assertThat(new GlimpseConfig(minimal()).engineThreads()).isEqualTo(1);
        assertThat(new GlimpseConfig(minimal()).workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void shouldUseExplicitEngineThreadsWhateverTheWorkers() {
        Map<String, Object> props = minimal();
        props.put(GlimpseConfig.WORKERS_CONFIG, 4);
        props.put(GlimpseConfig.ENGINE_THREADS_CONFIG, "3");

        assertThat(new GlimpseConfig(props).engineThreads(2)).isEqualTo(3);

        props.put(GlimpseConfig.ENGINE_THREADS_CONFIG, "-1");
        assertThatThrownBy(() -> new GlimpseConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GlimpseConfig.ENGINE_THREADS_CONFIG);
    }

    @Test
    void shouldChunkSixteenImagesByDefaultAndRefuseEmptyChunks() {
        assertThat(new GlimpseConfig(minimal()).getInt(GlimpseConfig.MODEL_MAX_CHUNK_CONFIG)).isEqualTo(16);

        Map<String, Object> props = minimal();
        props.put(GlimpseConfig.MODEL_MAX_CHUNK_CONFIG, "0");
        assertThatThrownBy(() -> new GlimpseConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GlimpseConfig.MODEL_MAX_CHUNK_CONFIG);
    }

    @Test
    void shouldServeInFp32UnlessAnotherPrecisionIsSetInAnyCaseOrFromTheEnvironment() {
        assertThat(new GlimpseConfig(minimal()).modelPrecision()).isEqualTo(Precision.FP32);

        Map<String, Object> props = minimal();
        props.put(GlimpseConfig.MODEL_PRECISION_CONFIG, " BF16 ");
        assertThat(new GlimpseConfig(props).modelPrecision()).isEqualTo(Precision.BF16);

        props.putAll(ConfigSources.fromEnvironment(Map.of("GLIMPSE_MODEL_PRECISION", "auto")));
        assertThat(new GlimpseConfig(props).modelPrecision()).isEqualTo(Precision.AUTO);
    }

    @Test
    void shouldRefuseAnUnknownPrecisionNamingTheAcceptedOnes() {
        Map<String, Object> props = minimal();
        props.put(GlimpseConfig.MODEL_PRECISION_CONFIG, "fp16");

        assertThatThrownBy(() -> new GlimpseConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value fp16 for configuration glimpse.model.precision:"
                        + " Unknown precision 'fp16'; expected fp32, bf16 or auto");
        assertThat(GlimpseConfig.configDef().configKeys().get(GlimpseConfig.MODEL_PRECISION_CONFIG).validator)
                .hasToString("[fp32, bf16, auto]");
    }

    @Test
    void shouldLogEveryGlimpseValueButNoPassThroughCredentials() {
        Map<String, Object> props = minimal();
        props.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, "frank:s3cret");

        props.put(GlimpseConfig.WORKERS_CONFIG, 2);

        String logged = new GlimpseConfig(props).summary();

        assertThat(logged.lines().filter(line -> !line.isBlank()).map(String::strip).map(line -> line.substring(0, line.indexOf(" ="))))
                .containsExactlyElementsOf(new TreeSet<>(GlimpseConfig.configDef().names()));
        assertThat(logged)
                .contains("glimpse.engine.threads = 0 (" + Math.max(1, Runtime.getRuntime().availableProcessors() / 2) + " in effect)")
                .doesNotContain("s3cret")
                .doesNotContain(AvroSerdeConfig.BASIC_AUTH_USER_INFO);
    }

    @Test
    void shouldMapEnvironmentVariablesTheWayContainerImagesDo() {
        Map<String, String> env = Map.of(
                "GLIMPSE_BATCH_MAX_SIZE", "32",
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "KAFKA_APPLICATION_ID", "glimpse-prod",
                "SCHEMA_REGISTRY_URL", "http://registry:8081",
                "KAFKA_SASL_OAUTHBEARER__CUSTOM", "underscore",
                "KAFKA_CUSTOM___DASHED_KEY", "dash",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "GLIMPSE_JAVA_OPTS", "-Xmx1g",
                "PATH", "/usr/bin");

        assertThat(ConfigSources.fromEnvironment(env)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "glimpse.batch.max.size", "32",
                "bootstrap.servers", "broker:9092",
                "application.id", "glimpse-prod",
                "schema.registry.url", "http://registry:8081",
                "sasl.oauthbearer_custom", "underscore",
                "custom-dashed.key", "dash"));
    }

    @Test
    void shouldNameTheVariableOfEveryKeyTheInverseWay() {
        for (String key : GlimpseConfig.configDef().names()) {
            assertThat(ConfigSources.keyFor(ConfigSources.variableFor(key))).isEqualTo(key);
        }
        assertThat(ConfigSources.variableFor("bootstrap.servers")).isEqualTo("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(ConfigSources.variableFor("schema.registry.url")).isEqualTo("SCHEMA_REGISTRY_URL");
        assertThat(ConfigSources.variableFor("some_key-x.y")).isEqualTo("KAFKA_SOME__KEY___X_Y");
    }

    @Test
    void shouldRefuseUnknownGlimpseVariableNamingTheClosest() {
        Map<String, String> env = Map.of("GLIMPSE_BATCH_MAX_SIZ", "32");

        assertThatThrownBy(() -> ConfigSources.fromEnvironment(env))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment variable GLIMPSE_BATCH_MAX_SIZ (glimpse.batch.max.siz) is not a Glimpse setting;"
                        + " did you mean GLIMPSE_BATCH_MAX_SIZE (glimpse.batch.max.size)?");
    }

    @Test
    void shouldStartWithTheLoggingVariablesThatContainersSet() throws Exception {
        Map<String, String> env = Map.of(
                "GLIMPSE_LOG_FORMAT", "json",
                "GLIMPSE_LOG_LEVEL", "debug",
                "GLIMPSE_MODEL_CONFIG", "model.json",
                "GLIMPSE_MODEL_WEIGHTS", "model.safetensors",
                "KAFKA_APPLICATION_ID", "glimpse",
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "SCHEMA_REGISTRY_URL", "http://registry:8081");

        assertThat(ConfigSources.fromEnvironment(env)).as("not settings").doesNotContainKeys("glimpse.log.format", "glimpse.log.level");
        assertThat(ConfigSources.load(null, env, Map.of()).originals()).doesNotContainKeys("glimpse.log.format", "glimpse.log.level");
    }

    @Test
    void shouldStartUnderEveryGlimpseVariableTheCiScriptExports() throws Exception {
        // CI exports test switches (GLIMPSE_*_REQUIRED) that every child app process inherits.
        Path script = Path.of("..", ".ci", "run");
        Map<String, String> env = new HashMap<>();
        Matcher exported = Pattern.compile("(?m)^\\s*export\\s+(GLIMPSE_\\w+)=").matcher(Files.readString(script));
        while (exported.find()) {
            env.put(exported.group(1), "1");
        }

        assertThat(env).as("variables exported by " + script).isNotEmpty();
        assertThat(ConfigSources.fromEnvironment(env)).as("none of them a setting").isEmpty();
    }

    @Test
    void shouldSkipOnlyLoggingVariablesTheLoggingConfigurationReads() throws Exception {
        String logback;
        try (InputStream in = ConfigSources.class.getClassLoader().getResourceAsStream("logback.xml")) {
            assertThat(in).as("cli's logback.xml on the app's class path").isNotNull();
            logback = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(ConfigSources.LOGGING_VARIABLES).isNotEmpty().allSatisfy(v -> assertThat(logback).contains("${" + v));
    }

    @Test
    void shouldLetEnvironmentWinOverFileAndCommandLineWinOverEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, String.join("\n",
                "glimpse.model.config=file.json",
                "glimpse.model.weights=file.safetensors",
                "application.id=from-file",
                "bootstrap.servers=file:9092",
                "schema.registry.url=http://file:8081",
                "glimpse.top.k=5",
                "glimpse.batch.max.size=4",
                "glimpse.workers=2"));
        Map<String, String> env = Map.of(
                "GLIMPSE_BATCH_MAX_SIZE", "8",
                "GLIMPSE_WORKERS", "3",
                "KAFKA_BOOTSTRAP_SERVERS", "env:9092");
        Map<String, String> overrides = Map.of(GlimpseConfig.WORKERS_CONFIG, "4");

        GlimpseConfig config = ConfigSources.load(file, env, overrides);

        assertThat(config.getInt(GlimpseConfig.MAX_IN_FLIGHT_CONFIG)).as("default").isEqualTo(64);
        assertThat(config.getInt(GlimpseConfig.TOP_K_CONFIG)).as("file over default").isEqualTo(5);
        assertThat(config.getInt(GlimpseConfig.BATCH_MAX_SIZE_CONFIG)).as("environment over file").isEqualTo(8);
        assertThat(config.streamsProperties())
                .as("environment over file, for pass-through keys too")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "env:9092")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "from-file");
        assertThat(config.getInt(GlimpseConfig.WORKERS_CONFIG)).as("command line over environment").isEqualTo(4);
    }

    @Test
    void shouldNameTheVariableOfEachMissingRequiredSetting() {
        Map<String, String> env = Map.of("GLIMPSE_MODEL_CONFIG", "model.json", "KAFKA_APPLICATION_ID", "glimpse");

        assertThatThrownBy(() -> ConfigSources.load(null, env, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("missing required settings: ")
                .hasMessageContaining("glimpse.model.weights (GLIMPSE_MODEL_WEIGHTS)")
                .hasMessageContaining("bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS)")
                .hasMessageContaining("schema.registry.url (SCHEMA_REGISTRY_URL)")
                .hasMessageNotContaining("glimpse.model.config")
                .hasMessageNotContaining("application.id");
    }

    @Test
    void shouldRefuseExceptionHandlersThatContinuePastAFailure() {
        for (String key : new String[] {StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG}) {
            Map<String, Object> props = minimal();
            props.put(key, "com.example.LogAndContinue");

            assertThatThrownBy(() -> new GlimpseConfig(props))
                    .as(key)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(key + "=com.example.LogAndContinue is refused");
        }
        Map<String, Object> failing = minimal();
        failing.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler.class);
        assertThat(new GlimpseConfig(failing).streamsProperties())
                .containsKey(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG);
    }

    @Test
    void shouldKeepTheBackPressureWaitWellInsideTheTransactionTimeout() {
        Map<String, Object> props = minimal();
        props.put(GlimpseConfig.BACKPRESSURE_MAX_WAIT_MS_CONFIG, "6000");

        assertThatThrownBy(() -> new GlimpseConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transaction.timeout.ms (10000)");

        props.put(StreamsConfig.producerPrefix("transaction.timeout.ms"), "30000");
        assertThat(new GlimpseConfig(props).getLong(GlimpseConfig.BACKPRESSURE_MAX_WAIT_MS_CONFIG)).isEqualTo(6000L);
    }

    @Test
    void shouldSizeTheProducerForTheLargestAcceptedFrameAndRefuseASmallerOne() {
        Map<String, Object> props = minimal();
        props.put(GlimpseConfig.FRAME_MAX_BYTES_CONFIG, "2000000");

        GlimpseConfig config = new GlimpseConfig(props);

        assertThat(config.streamsProperties())
                .containsEntry(StreamsConfig.producerPrefix("max.request.size"), 2000000 + 64 * 1024);
        assertThat(config.changelogMaxMessageBytes()).isEqualTo(2000000 + 64 * 1024);
        props.put(StreamsConfig.producerPrefix("max.request.size"), "1048576");
        assertThatThrownBy(() -> new GlimpseConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is smaller than a pending frame");
    }
}
