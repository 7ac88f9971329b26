package io.glimpse.trainer.cli;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.glimpse.clips.FashionMnist;
import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.schemas.weights.AssembledModel;
import io.glimpse.schemas.weights.ModelAssembler;
import io.glimpse.schemas.weights.ModelsTopicReader;
import io.glimpse.schemas.weights.PublishedModel;
import io.glimpse.schemas.weights.SigningKeys;
import io.glimpse.schemas.weights.TrustedKeys;
import io.glimpse.schemas.weights.WeightsRejectedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code glimpse train publish}, {@code rollback} and {@code --publish} against a real broker and registry. */
@ExtendWith(GlimpseServersExtension.class)
class WeightsPublishingTest {

    static final Path SHIPPED = Path.of("..", "models", "fashion-video");

    private static LocalServers servers;

    @TempDir
    static Path keys;

    private final String topic = uniqueName("models");

    @BeforeAll
    static void start(LocalServers localServers) {
        servers = localServers;
        assertThat(CommandRun.of("keys", "generate", "--out", keys.toString()).code()).isZero();
    }

    @Test
    void shouldPublishTheShippedStudentSignedSoThatATrustingFollowerGetsTheSameFile() throws Exception {
        CommandRun run = publish("--model-dir", SHIPPED.toString(), "--version", "fashion-1",
                "--key", keys.resolve("glimpse-signing.key").toString());

        assertThat(run.code()).as(run.err()).isZero();
        byte[] student = Files.readAllBytes(SHIPPED.resolve("student.safetensors"));
        String sha256 = sha256(student);
        assertThat(run.out().strip().lines()).singleElement().asString()
                .isEqualTo("published fashion-1: " + student.length + " bytes in 6 chunks, sha256 "
                        + sha256.substring(0, 12) + "..., signed by key " + keyId() + ", on " + topic);
        PublishedModel published = reader().find("fashion-1").orElseThrow();
        ModelManifest manifest = published.manifest();
        trusted().verify(manifest, false);
        assertThat(manifest.getSha256()).isEqualTo(sha256);
        assertThat(assemble(published).weights()).isEqualTo(student);
        assertThat(manifest.getClassLabels()).containsExactlyElementsOf(Files.readAllLines(SHIPPED.resolve("labels.txt")));
        assertThat(manifest.getConfigJson()).isEqualTo(Files.readString(SHIPPED.resolve("config.json")));
        assertThat(manifest.getAccuracy()).hasSize(6);
        assertThat(manifest.getArchitecture()).isEqualTo("dynamicvit");
    }

    @Test
    void shouldPublishTheTeacherWithItsOwnCardEntry() throws Exception {
        CommandRun run = publish("--model-dir", SHIPPED.toString(), "--weights",
                SHIPPED.resolve("teacher.safetensors").toString(), "--version", "teacher-1",
                "--key", keys.resolve("glimpse-signing.key").toString(), "--chunk-size", "1000000");

        assertThat(run.code()).as(run.err()).isZero();
        ModelManifest manifest = reader().find("teacher-1").orElseThrow().manifest();
        assertThat(manifest.getChunkCount()).isEqualTo(3);
        assertThat(manifest.getAccuracy()).singleElement().satisfies(a -> assertThat(a.getKeepRatio()).isEqualTo(1.0f));
        assertThat(manifest.getConfigJson()).contains("\"pruning_loc\" : [ ]");
    }

    @Test
    void shouldPublishUnsignedWithAWarningWithoutAKey() throws Exception {
        CommandRun run = publish("--model-dir", SHIPPED.toString(), "--version", "unsigned-1");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("warning").contains("unsigned").contains("glimpse.model.allow.unsigned");
        assertThat(run.out()).contains("unsigned-1: ").contains(", unsigned, on " + topic);
        ModelManifest manifest = reader().find("unsigned-1").orElseThrow().manifest();
        assertThat(manifest.getSignature()).isNull();
        assertThat(rejection(manifest).reason().tag()).isEqualTo("unsigned");
    }

    @Test
    void shouldRollBackByPublishingAnEarlierVersionAgainUnchanged() throws Exception {
        String key = keys.resolve("glimpse-signing.key").toString();
        assertThat(publish("--model-dir", SHIPPED.toString(), "--version", "v1", "--key", key).code()).isZero();
        assertThat(publish("--model-dir", SHIPPED.toString(), "--weights", SHIPPED.resolve("teacher.safetensors").toString(),
                "--version", "v2", "--key", key).code()).isZero();
        PublishedModel v1 = reader().find("v1").orElseThrow();
        assertThat(reader().latestManifest()).map(ModelManifest::getVersion).contains("v2");

        CommandRun run = CommandRun.of(withConnection("rollback", "--version", "v1"));

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().strip().lines()).singleElement().asString().startsWith("rolled back to v1: ")
                .contains("signed by key " + keyId());
        assertThat(reader().latestManifest()).contains(v1.manifest());
        assertThat(reader().manifests()).extracting(ModelManifest::getVersion).containsExactly("v1", "v2", "v1");
        trusted().verify(reader().latestManifest().orElseThrow(), false);
    }

    @Test
    void shouldRefuseToRollBackToAVersionThatIsNotOnTheTopic() {
        CommandRun run = CommandRun.of(withConnection("rollback", "--version", "never-published"));

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip().lines()).singleElement().asString()
                .isEqualTo("rollback: version never-published is not on " + topic);
    }

    @Test
    void shouldTreatMissingOrBadPublishingFlagsAsUsageErrors() {
        CommandRun noVersion = publish("--model-dir", SHIPPED.toString());
        CommandRun badVersion = publish("--model-dir", SHIPPED.toString(), "--version", "a/b");
        CommandRun hugeChunks = publish("--model-dir", SHIPPED.toString(), "--version", "v", "--chunk-size", "2000000");
        CommandRun notAKey = publish("--model-dir", SHIPPED.toString(), "--version", "v", "--key",
                keys.resolve("glimpse-signing.pub").toString());

        assertThat(noVersion.code()).isEqualTo(2);
        assertThat(noVersion.err()).contains("--version");
        assertThat(badVersion.code()).isEqualTo(2);
        assertThat(hugeChunks.code()).isEqualTo(2);
        assertThat(hugeChunks.err()).contains("--chunk-size");
        assertThat(notAKey.code()).isEqualTo(1);
        assertThat(notAKey.err().strip().lines()).singleElement().asString().contains("is not a PEM PRIVATE KEY file");
    }

    @Test
    void shouldPublishATrainingRunsWeightsWhenItFinishes(@TempDir Path runs) throws Exception {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY),
                "Fashion-MNIST is not installed: apt-get install " + FashionMnist.DEBIAN_PACKAGE);
        Path output = runs.resolve("tiny-teacher");

        CommandRun run = CommandRun.of(withConnection("train-teacher", "--config", "config/smoke.json",
                "--output", output.toString(), "--max-steps", "2", "--eval-frames", "0", "--no-progress",
                "--publish", "--key", keys.resolve("glimpse-signing.key").toString()));

        assertThat(run.code()).as(run.err()).isZero();
        String line = run.out().lines().filter(l -> l.startsWith("published ")).findFirst().orElseThrow();
        assertThat(line).matches("published tiny-teacher-\\d{8}-\\d{6}: \\d+ bytes in 1 chunks, .*");
        String version = line.substring("published ".length(), line.indexOf(':'));
        PublishedModel published = reader().find(version).orElseThrow();
        trusted().verify(published.manifest(), false);
        assertThat(assemble(published).weights()).isEqualTo(Files.readAllBytes(output.resolve("model.safetensors")));
        assertThat(published.manifest().getClassLabels()).isEqualTo(FashionMnist.CLASS_NAMES);
    }

    private CommandRun publish(String... args) {
        List<String> all = new ArrayList<>(List.of("publish"));
        all.addAll(List.of(args));
        return CommandRun.of(withConnection(all.toArray(String[]::new)));
    }

    private String[] withConnection(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", servers.bootstrapServers(),
                "--schema-registry-url", servers.registryUrl(), "--topic", topic));
        return all.toArray(String[]::new);
    }

    private ModelsTopicReader reader() {
        return ModelsTopicReader.builder()
                .setConsumerProperties(Map.of("bootstrap.servers", servers.bootstrapServers(),
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL, servers.registryUrl()))
                .optTopic(topic)
                .build();
    }

    private static TrustedKeys trusted() throws Exception {
        return TrustedKeys.load(List.of(keys.resolve("glimpse-signing.pub")));
    }

    private static String keyId() throws Exception {
        return SigningKeys.keyId(SigningKeys.readPublicKey(keys.resolve("glimpse-signing.pub")));
    }

    private static AssembledModel assemble(PublishedModel model) throws WeightsRejectedException {
        ModelAssembler assembler = new ModelAssembler();
        model.chunks().forEach(assembler::add);
        return assembler.complete(model.manifest());
    }

    private static WeightsRejectedException rejection(ModelManifest manifest) throws Exception {
        try {
            trusted().verify(manifest, false);
        } catch (WeightsRejectedException e) {
            return e;
        }
        throw new AssertionError("the manifest passed");
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
