package io.glimpse.clients.frames;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.clients.results.ResultsCommand;
import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.deploy.secure.BasicAuthProxy;
import io.glimpse.deploy.secure.GlimpseAcls;
import io.glimpse.deploy.secure.SecuredKafka;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.Label;
import io.glimpse.schemas.avro.PatchGrid;
import io.glimpse.schemas.avro.StageKeep;
import io.glimpse.schemas.avro.Timings;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;

/**
 * {@code frames send} and {@code results tail} against a broker that requires SASL_SSL (SCRAM-SHA-512)
 * and ACLs and a registry behind basic authentication, configured through {@code --config}: the right
 * credentials work; a wrong password, a missing ACL and an untrusted certificate end the command with
 * exit code 1 and one line naming the setting or ACL; nothing printed, logged included, holds a secret.
 */
@ExtendWith(GlimpseServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredClientsTest {

    private static final String PASSWORD = "kafka-Secret-c1d2e3";
    private static final String REGISTRY_PASSWORD = "registry-Secret-9b8a";

    private SecuredKafka kafka;
    private BasicAuthProxy registry;
    private String directRegistry;
    private final String framesTopic = uniqueName("frames");
    private final String resultsTopic = uniqueName("results");
    private Path still;

    @BeforeAll
    void startSecuredCluster(LocalServers servers, @TempDir Path dir) throws Exception {
        kafka = SecuredKafka.start(dir.resolve("kafka"));
        directRegistry = servers.registryUrl();
        registry = BasicAuthProxy.start(directRegistry, "clients", REGISTRY_PASSWORD);
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            admin.createTopics(List.of(new NewTopic(framesTopic, 1, (short) 1), new NewTopic(resultsTopic, 1, (short) 1)))
                    .all().get();
        }
        kafka.createUser("camera", PASSWORD);
        kafka.createUser("reader", PASSWORD);
        kafka.grant(GlimpseAcls.framesSender("User:camera", framesTopic));
        kafka.grant(GlimpseAcls.resultsReader("User:reader", resultsTopic));
        still = dir.resolve("still.png");
        ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png", still.toFile());
    }

    @AfterAll
    void stop() throws Exception {
        try (SecuredKafka k = kafka; BasicAuthProxy r = registry) {
            // closed in reverse order
        }
    }

    @Test
    void shouldSendFramesAndTailResultsWithTheRightCredentials(@TempDir Path dir) throws Exception {
        CommandRun sent = quiet(() -> CommandRun.of(new FramesCommand(), "send", still.toString(), "--repeat", "3",
                "--topic", framesTopic, "--config", config(dir, "camera", PASSWORD, Map.of()).toString()));
        assertThat(sent.exitCode()).as(sent.err()).isZero();
        assertThat(framesOnTopic()).isEqualTo(3);

        writeResults(2);
        CommandRun tailed = quiet(() -> CommandRun.of(new ResultsCommand(), "tail", "--from-beginning", "--max", "2",
                "--topic", resultsTopic, "--config", config(dir, "reader", PASSWORD, Map.of()).toString()));
        assertThat(tailed.exitCode()).as(tailed.err()).isZero();
        assertThat(tailed.out().lines()).hasSize(2).allSatisfy(line -> assertThat(line).contains("\"streamId\":\"cam-a\""));
        assertThat(registry.refused()).isZero();
    }

    @Test
    void shouldFailWithOneLineNamingSaslJaasConfigWhenThePasswordIsWrong(@TempDir Path dir) throws Exception {
        CommandRun run = quiet(() -> CommandRun.of(new FramesCommand(), "send", still.toString(), "--topic", framesTopic,
                "--config", config(dir, "camera", "wrong-" + PASSWORD, Map.of()).toString()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(errorLine(run)).as(run.err()).startsWith("send: Kafka refused the credentials (sasl.jaas.config")
                .contains("User:camera");
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("wrong-" + PASSWORD);
    }

    @Test
    void shouldFailWithOneLineNamingTheAclWhenTheUserMayNotReadTheTopic(@TempDir Path dir) throws Exception {
        CommandRun run = quiet(() -> CommandRun.of(new ResultsCommand(), "tail", "--from-beginning", "--max", "1",
                "--topic", resultsTopic, "--config", config(dir, "camera", PASSWORD, Map.of()).toString()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(errorLine(run)).startsWith("tail: missing ACL: User:camera may not use topic(s) [" + resultsTopic + "]");
    }

    @Test
    void shouldFailWithOneLineNamingTheTrustStoreWhenTheCertificateIsUntrusted(@TempDir Path dir) throws Exception {
        Path untrusted = kafka.certificates().untrustedTruststore();
        CommandRun run = quiet(() -> CommandRun.of(new FramesCommand(), "send", still.toString(), "--topic", framesTopic,
                "--config", config(dir, "camera", PASSWORD, Map.of("ssl.truststore.location", untrusted.toString())).toString()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(errorLine(run)).startsWith("send: the TLS handshake with Kafka failed")
                .contains("ssl.truststore.location=" + untrusted);
    }

    /**
     * Runs a command with everything this JVM logs captured too (Kafka's clients log their settings),
     * and checks that no secret is in any of it.
     */
    private CommandRun quiet(Supplier<CommandRun> command) {
        PrintStream original = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        long started = System.nanoTime();
        CommandRun run;
        try (PrintStream capture = new PrintStream(logged, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            run = command.get();
        } finally {
            System.setErr(original);
        }
        System.out.printf("secured client exited %d after %d ms: %s%n", run.exitCode(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), errorLine(run));
        String everything = logged.toString(StandardCharsets.UTF_8) + run.out() + run.err();
        assertThat(everything).doesNotContain(PASSWORD).doesNotContain(REGISTRY_PASSWORD);
        return run;
    }

    /** The error: the last line on stderr (a progress line may come before it). */
    private static String errorLine(CommandRun run) {
        List<String> lines = run.err().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private Path config(Path dir, String user, String password, Map<String, String> overrides) {
        Properties props = new Properties();
        props.putAll(kafka.clientProperties(user, password));
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        props.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, "clients:" + REGISTRY_PASSWORD);
        props.putAll(overrides);
        Path file = dir.resolve(uniqueName("client") + ".properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            props.store(out, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    private int framesOnTopic() {
        Map<String, Object> props = new HashMap<>(kafka.adminProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(framesTopic, 0);
            return consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition).intValue();
        }
    }

    private void writeResults(int count) {
        Map<String, Object> props = new HashMap<>(kafka.adminProperties());
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, directRegistry);
        try (KafkaProducer<String, FrameResult> producer = new KafkaProducer<>(props, new StringSerializer(),
                AvroSerde.specific(FrameResult.class, AvroSerdeConfig.fromProperties(props, false)).serializer())) {
            for (long i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(resultsTopic, "cam-a", FrameResult.newBuilder().setStreamId("cam-a")
                        .setSequence(i).setCaptureTime(Instant.ofEpochMilli(1_000)).setResultTime(Instant.ofEpochMilli(1_040))
                        .setLabels(List.of(new Label(3, "Shirt", 0.75f))).setKeepRatio(0.7f).setModelVersion("v1")
                        .setPatchGrid(new PatchGrid(2, 2, 14)).setKeptTokens(List.of(new StageKeep(1, List.of(0, 1))))
                        .setTimings(new Timings(10L, 20L, 40_000L)).build()));
            }
        }
    }
}
