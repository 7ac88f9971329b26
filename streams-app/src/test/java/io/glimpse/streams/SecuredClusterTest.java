package io.glimpse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.deploy.secure.BasicAuthProxy;
import io.glimpse.deploy.secure.GlimpseAcls;
import io.glimpse.deploy.secure.SecuredKafka;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.streams.cli.AppCommand;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;

/**
 * {@code glimpse app run}, as its own process, against a broker that requires SASL_SSL (SCRAM-SHA-512)
 * and ACLs and a registry behind basic authentication, configured only through documented settings: the
 * secrets through {@code KAFKA_SASL_JAAS_CONFIG} and {@code SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO}, the rest
 * in the {@code --config} file. With the right credentials every frame gets one result; a wrong password,
 * a missing ACL, an untrusted certificate or refused registry credentials stop the process with one line
 * that names the setting or ACL; no secret appears in anything it prints.
 */
@ExtendWith(GlimpseServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredClusterTest {

    private static final String PASSWORD = "kafka-Secret-7f3a9";
    private static final String REGISTRY_PASSWORD = "registry-Secret-41c2";
    private static final Duration FAIL_WITHIN = Duration.ofSeconds(90);

    private SecuredKafka kafka;
    private BasicAuthProxy registry;
    private StreamHarness harness;
    private String modelsTopic;
    private String statusTopic;

    @BeforeAll
    void startSecuredCluster(LocalServers servers, @TempDir Path dir) throws Exception {
        kafka = SecuredKafka.start(dir.resolve("kafka"));
        registry = BasicAuthProxy.start(servers.registryUrl(), "glimpse", REGISTRY_PASSWORD);
        // The test's own producer and readers use the super user's internal listener and the registry directly.
        harness = new StreamHarness(kafka.internalBootstrapServers(), servers.registryUrl(),
                Files.createDirectories(dir.resolve("app")), 2);
        modelsTopic = uniqueName("models");
        statusTopic = uniqueName("models-status");
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            admin.createTopics(List.of(new NewTopic(modelsTopic, 1, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact")), new NewTopic(statusTopic, 1, (short) 1)))
                    .all().get();
        }
        kafka.createUser("glimpse", PASSWORD);
        kafka.createUser("no-acls", PASSWORD);
        kafka.grant(GlimpseAcls.app("User:glimpse", harness.applicationId, harness.framesTopic, harness.resultsTopic,
                harness.deadLetterTopic, modelsTopic, statusTopic));
    }

    @AfterAll
    void stop() throws Exception {
        try (SecuredKafka k = kafka; BasicAuthProxy r = registry; StreamHarness h = harness) {
            // closed in reverse order
        }
    }

    @Test
    void shouldAnswerEveryFrameWithTheRightCredentialsAndPrintNoSecret(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("app.log");
        Process app = startApp(configFile(dir, Map.of()), environment("glimpse", PASSWORD, REGISTRY_PASSWORD), log);
        try {
            List<String> streams = List.of("cam-1", "cam-2");
            for (long seq = 0; seq < 10; seq++) {
                for (String s : streams) {
                    harness.send(s, seq);
                }
            }
            harness.flush();
            List<FrameResult> results = new ArrayList<>();
            harness.readResultsUntil(results, () -> results.size() >= 20 || !app.isAlive(), Duration.ofSeconds(120));

            Set<String> answered = new HashSet<>();
            results.forEach(r -> answered.add(r.getStreamId() + "/" + r.getSequence()));
            assertThat(results).as("results; app log:%n%s", Files.readString(log)).hasSize(20);
            assertThat(answered).hasSize(20);
            assertThat(registry.refused()).isZero();
        } finally {
            app.destroy();
            app.waitFor(60, TimeUnit.SECONDS);
        }
        assertNoSecret(Files.readString(log));
    }

    @Test
    void shouldStopWithOneLineNamingSaslJaasConfigWhenThePasswordIsWrong(@TempDir Path dir) throws Exception {
        String output = runToFailure(dir, configFile(dir, Map.of()),
                environment("glimpse", "wrong-" + PASSWORD, REGISTRY_PASSWORD));

        assertThat(lastLine(output)).contains("Kafka refused the credentials (sasl.jaas.config")
                .contains("User:glimpse");
        assertNoSecret(output.replace("wrong-" + PASSWORD, ""));
        assertThat(output).doesNotContain("wrong-" + PASSWORD);
    }

    @Test
    void shouldStopWithOneLineNamingTheAclWhenTheUserHasNone(@TempDir Path dir) throws Exception {
        String output = runToFailure(dir, configFile(dir, Map.of()), environment("no-acls", PASSWORD, REGISTRY_PASSWORD));

        assertThat(lastLine(output)).contains("missing ACL: User:no-acls may not")
                .contains(harness.framesTopic).contains("Read");
        assertNoSecret(output);
    }

    @Test
    void shouldStopWithOneLineNamingTheTrustStoreWhenTheCertificateIsUntrusted(@TempDir Path dir) throws Exception {
        Path untrusted = kafka.certificates().untrustedTruststore();
        String output = runToFailure(dir,
                configFile(dir, Map.of(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, untrusted.toString())),
                environment("glimpse", PASSWORD, REGISTRY_PASSWORD));

        assertThat(lastLine(output)).contains("ssl.truststore.location=" + untrusted);
        assertNoSecret(output);
    }

    @Test
    void shouldStopWithOneLineNamingTheRegistryCredentialsWhenTheRegistryRefusesThem(@TempDir Path dir) throws Exception {
        String output = runToFailure(dir, configFile(dir, Map.of()), environment("glimpse", PASSWORD, "wrong-" + REGISTRY_PASSWORD));

        assertThat(lastLine(output)).contains("401").contains("basic.auth.user.info");
        assertThat(output).doesNotContain("wrong-" + REGISTRY_PASSWORD);
        assertNoSecret(output.replace("wrong-" + REGISTRY_PASSWORD, ""));
    }

    /** Runs the app until it exits on its own; it must, with exit code 1 and no stack trace. */
    private String runToFailure(Path dir, Path config, Map<String, String> env) throws Exception {
        Path log = dir.resolve("app.log");
        long started = System.nanoTime();
        Process app = startApp(config, env, log);
        try {
            assertThat(app.waitFor(FAIL_WITHIN.toSeconds(), TimeUnit.SECONDS)).as("exits on its own").isTrue();
        } finally {
            app.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.printf("secured app run failed after %d ms: %s%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), lastLine(output));
        assertThat(app.exitValue()).as(output).isEqualTo(1);
        assertThat(output).as("no stack trace").doesNotContain("\tat ");
        return output;
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static void assertNoSecret(String output) {
        assertThat(output).doesNotContain(PASSWORD).doesNotContain(REGISTRY_PASSWORD)
                .doesNotContain("glimpse:" + REGISTRY_PASSWORD);
    }

    /** The settings file: everything but the secrets, which come from the environment. */
    private Path configFile(Path dir, Map<String, String> overrides) throws Exception {
        Properties props = harness.appProperties("secured");
        props.putAll(kafka.clientProperties("glimpse", "unused"));
        props.remove(SaslConfigs.SASL_JAAS_CONFIG);
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        props.put(GlimpseConfig.MODELS_TOPIC_CONFIG, modelsTopic);
        props.put(GlimpseConfig.MODELS_STATUS_TOPIC_CONFIG, statusTopic);
        props.put(GlimpseConfig.MODEL_ALLOW_UNSIGNED_CONFIG, "true");
        props.put(GlimpseConfig.MODELS_HISTORY_TIMEOUT_MS_CONFIG, "20000");
        props.putAll(overrides);
        Path file = dir.resolve("secured.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            props.store(out, null);
        }
        return file;
    }

    private static Map<String, String> environment(String user, String password, String registryPassword) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_SASL_JAAS_CONFIG", SecuredKafka.jaasConfig(user, password));
        env.put("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "glimpse:" + registryPassword);
        return env;
    }

    private static Process startApp(Path config, Map<String, String> env, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.log.io.glimpse=info", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                AppCommand.class.getName(), "run", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }
}
