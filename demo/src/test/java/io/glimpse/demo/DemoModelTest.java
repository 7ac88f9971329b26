package io.glimpse.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.clips.FashionMnist;
import io.glimpse.model.DynamicVitConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the demo's model comes from: a shipped directory, a training run, or a random stand-in. */
class DemoModelTest {

    @Test
    void shouldWriteARandomModelThatReadsBackWithFashionMnistLabels(@TempDir Path dir) throws IOException {
        ModelFiles files = TinyModel.write(dir);

        assertThat(files.trained()).isFalse();
        assertThat(DynamicVitConfig.read(files.config())).isEqualTo(TinyModel.CONFIG);
        assertThat(files.weights()).isRegularFile();
        assertThat(Files.readAllLines(files.labels())).isEqualTo(FashionMnist.CLASS_NAMES);
    }

    @Test
    void shouldPreferTheStudentWeightsOfAShippedDirectory(@TempDir Path dir) throws IOException {
        Path shipped = dir.resolve("fashion-video");
        ModelFiles random = DemoModel.random(TinyModel.CONFIG, shipped, 1);
        Files.move(random.weights(), shipped.resolve(DemoModel.STUDENT_WEIGHTS_FILE));
        Files.delete(random.labels());

        ModelFiles files = DemoModel.fromDirectory(shipped, dir.resolve("scratch"));

        assertThat(files.trained()).isTrue();
        assertThat(files.version()).isEqualTo("fashion-video");
        assertThat(files.weights().getFileName()).hasToString(DemoModel.STUDENT_WEIGHTS_FILE);
        assertThat(Files.readAllLines(files.labels())).isEqualTo(FashionMnist.CLASS_NAMES);
    }

    @Test
    void shouldRefuseADirectoryWithoutWeights(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(DemoModel.CONFIG_FILE), TinyModel.CONFIG.toJson().toString());

        assertThatThrownBy(() -> DemoModel.fromDirectory(dir, dir)).isInstanceOf(IOException.class).hasMessageContaining("student.safetensors");
    }
}
