package io.glimpse.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.clips.CameraSize;
import io.glimpse.resize.ResizePolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadAnySubsetOfKeysOverTheDefaults() throws IOException {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\"depth\": 6, \"pruneAt\": [2, 3, 4], \"epochs\": 3, \"rhoMin\": 0.5, \"rhoMax\": 1.0}");

        TrainingConfig config = TrainingConfig.read(file).build();

        assertThat(config.getDepth()).isEqualTo(6);
        assertThat(config.getPruneAt()).containsExactly(2, 3, 4);
        assertThat(config.getEpochs()).isEqualTo(3);
        assertThat(config.getEmbedDim()).isEqualTo(96);
        assertThat(config.isRhoRobust()).isTrue();
        assertThat(config.modelConfig().getPruneAt()).containsExactly(2, 3, 4);
    }

    @Test
    void shouldRejectAnUnknownKey() throws IOException {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\"epoch\": 3}");

        assertThatThrownBy(() -> TrainingConfig.read(file)).isInstanceOf(IOException.class).hasMessageContaining("epoch");
    }

    @Test
    void shouldRoundTripThroughJsonAndLetFlagsOverride() {
        TrainingConfig config = TrainingConfig.builder().optRhoRange(0.5, 1.0).optEpochs(4).build();

        TrainingConfig copy = config.toBuilder().optEpochs(9).build();

        assertThat(copy.getEpochs()).isEqualTo(9);
        assertThat(copy.getRhoMin()).isEqualTo(0.5);
        assertThat(copy.toBuilder().optEpochs(4).build().toJson()).isEqualTo(config.toJson());
    }

    @Test
    void shouldNameTheInvalidValue() {
        assertThatThrownBy(() -> TrainingConfig.builder().optModel(96, 6, 3, 2, 6).build())
                .hasMessageContaining("pruneAt");
        assertThatThrownBy(() -> TrainingConfig.builder().optRhoRange(0.9, 0.5).build()).hasMessageContaining("rhoMin");
        assertThatThrownBy(() -> TrainingConfig.builder().optModel(100, 6, 3).build()).hasMessageContaining("heads");
        assertThatThrownBy(() -> TrainingConfig.builder().optWarmupEpochs(10).optEpochs(10).build())
                .hasMessageContaining("warmupEpochs");
    }

    @Test
    void shouldReadTheCameraMixAndTheInitialWeightsAndRefuseWhatTheyCannotBe() throws IOException {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\"cameraShare\": 0.5, \"cameraSizes\": \"640x480, 1920x1080\", \"cameraResize\": \"fit,crop\","
                + " \"init\": \"models/fashion-video/teacher.safetensors\"}");

        TrainingConfig config = TrainingConfig.read(file).build();

        assertThat(config.getCameraShare()).isEqualTo(0.5);
        assertThat(config.getCameraSizes()).containsExactly(new CameraSize(640, 480), new CameraSize(1920, 1080));
        assertThat(config.getCameraResize()).containsExactly(ResizePolicy.FIT, ResizePolicy.CROP);
        assertThat(config.getInit()).isEqualTo("models/fashion-video/teacher.safetensors");
        assertThat(TrainingConfig.builder().build().getCameraShare()).as("model-size clips only by default").isZero();
        assertThatThrownBy(() -> TrainingConfig.builder().optCameraShare(1.5).build()).hasMessageContaining("cameraShare");
        assertThatThrownBy(() -> TrainingConfig.builder().optCameraSizes("640by480").build())
                .hasMessageContaining("WIDTHxHEIGHT");
        assertThatThrownBy(() -> TrainingConfig.builder().optCameraResize("exact").build())
                .hasMessageContaining("fit, crop or stretch");
    }
}
