package io.glimpse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryJarTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(RegistryJar.PROPERTY);
    }

    @Test
    void shouldFindTheRunnerJarThatTheRegistryModuleBuilt() {
        Path jar = RegistryJar.locate();

        assertThat(jar).isRegularFile();
        assertThat(jar.toString()).endsWith(RegistryJar.RELATIVE_PATH);
    }

    @Test
    void shouldPreferTheJarNamedByTheSystemProperty(@TempDir Path dir) throws Exception {
        Path elsewhere = Files.createFile(dir.resolve("registry.jar"));
        System.setProperty(RegistryJar.PROPERTY, elsewhere.toString());

        assertThat(RegistryJar.locate()).isEqualTo(elsewhere);
    }

    @Test
    void shouldSayWhatIsWrongWhenThePropertyNamesNoFile(@TempDir Path dir) {
        System.setProperty(RegistryJar.PROPERTY, dir.resolve("absent.jar").toString());

        assertThatThrownBy(RegistryJar::locate).isInstanceOf(IllegalStateException.class).hasMessageContaining("absent.jar");
    }
}
