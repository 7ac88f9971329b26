package io.glimpse.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.glimpse.clips.FashionMnist;
import io.glimpse.schemas.avro.RhoAccuracy;
import io.glimpse.schemas.weights.ModelPackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading what {@code glimpse train evaluate} ships (models/fashion-video) into a package to publish. */
class ModelDirectoryTest {

    static final Path SHIPPED = Path.of("..", "models", "fashion-video");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldPackageTheShippedStudentWithItsConfigLabelsAndTheCardsAccuracy() throws IOException {
        ModelDirectory shipped = ModelDirectory.of(SHIPPED);

        ModelPackage p = shipped.read("fashion-1", shipped.defaultWeights(), Optional.empty());

        assertThat(p.getVersion()).isEqualTo("fashion-1");
        assertThat(p.getArchitecture()).isEqualTo("dynamicvit");
        assertThat(p.getWeightsFormat()).isEqualTo("safetensors");
        assertThat(p.getWeights()).isEqualTo(Files.readAllBytes(SHIPPED.resolve("student.safetensors")));
        assertThat(p.getConfigJson()).isEqualTo(Files.readString(SHIPPED.resolve("config.json")));
        assertThat(p.getClassLabels()).containsExactlyElementsOf(Files.readAllLines(SHIPPED.resolve("labels.txt")));
        // card.json: shipped_student is robust-camera, measured at six keep ratios.
        assertThat(p.getAccuracy()).extracting(RhoAccuracy::getKeepRatio).containsExactly(1.0f, 0.9f, 0.8f, 0.7f, 0.6f, 0.5f);
        RhoAccuracy atPointSeven = p.getAccuracy().get(3);
        JsonNode point = cardEntry("robust-camera").path("points").get(3);
        assertThat((double) atPointSeven.getTop1()).isCloseTo(point.path("accuracy").asDouble(), within(1e-6));
        assertThat((double) atPointSeven.getGflops()).as("2 FLOPs per MAC")
                .isCloseTo(2 * point.path("gmacs").asDouble(), within(1e-6));
        assertThat(atPointSeven.getTop5()).isNull();
        assertThat(p.getMetrics()).containsEntry("testFrames", 10_000.0).containsKey("imagesPerSecond@0.70");
    }

    @Test
    void shouldPackageTheTeacherWithItsCardEntryAndTheDenseConfig() throws IOException {
        ModelPackage p = ModelDirectory.of(SHIPPED).read("teacher-1", SHIPPED.resolve("teacher.safetensors"),
                Optional.empty());

        assertThat(p.getAccuracy()).singleElement().satisfies(a -> {
            assertThat(a.getKeepRatio()).isEqualTo(1.0f);
            assertThat(a.getTop1()).isEqualTo(0.8811f);
        });
        assertThat(JSON.readTree(p.getConfigJson()).path("pruning_loc")).as("no prediction modules in the teacher")
                .isEmpty();
        assertThat(JSON.readTree(p.getConfigJson()).path("embed_dim").asInt()).isEqualTo(96);
    }

    @Test
    void shouldTakeTheCardEntryAskedFor() throws IOException {
        ModelPackage p = ModelDirectory.of(SHIPPED).read("dense-1", SHIPPED.resolve("student.safetensors"),
                Optional.of("teacher"));

        assertThat(p.getAccuracy()).as("the teacher's entry: ρ 1.0 only").hasSize(1);
        assertThatThrownBy(() -> ModelDirectory.of(SHIPPED).read("x", SHIPPED.resolve("student.safetensors"),
                Optional.of("nonesuch"))).isInstanceOf(IOException.class)
                .hasMessageContaining("no model entry 'nonesuch'").hasMessageContaining("robust-camera");
    }

    @Test
    void shouldReadATrainingRunsOutputWithFashionMnistLabelsAndNoAccuracy() throws IOException {
        Files.copy(SHIPPED.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(SHIPPED.resolve("student.safetensors"), dir.resolve("model.safetensors"));

        ModelPackage p = ModelDirectory.of(dir).read("run-1", dir.resolve("model.safetensors"), Optional.empty());

        assertThat(p.getClassLabels()).isEqualTo(FashionMnist.CLASS_NAMES);
        assertThat(p.getAccuracy()).isEmpty();
        assertThat(p.getMetrics()).isEmpty();
    }

    @Test
    void shouldRefuseFilesThatDoNotFitTogether() throws IOException {
        Files.copy(SHIPPED.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(SHIPPED.resolve("student.safetensors"), dir.resolve("student.safetensors"));
        Path notWeights = Files.writeString(dir.resolve("notes.safetensors"), "hello, world");

        assertThatThrownBy(() -> ModelDirectory.of(dir).read("v", dir.resolve("student.safetensors"), Optional.of("teacher")))
                .hasMessageContaining("no " + dir.resolve("card.json"));
        assertThatThrownBy(() -> ModelDirectory.of(dir).read("v", notWeights, Optional.empty()))
                .hasMessageContaining("is not a safetensors file");
        Files.writeString(dir.resolve("labels.txt"), "cat\ndog\n");
        assertThatThrownBy(() -> ModelDirectory.of(dir).read("v", dir.resolve("student.safetensors"), Optional.empty()))
                .hasMessageContaining("names 2 classes").hasMessageContaining("has 10");
    }

    private static JsonNode cardEntry(String name) throws IOException {
        for (JsonNode model : JSON.readTree(SHIPPED.resolve("card.json").toFile()).path("models")) {
            if (model.path("name").asText().equals(name)) {
                return model;
            }
        }
        throw new AssertionError("no card entry " + name);
    }
}
