package io.glimpse.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The image's entry point run from its own layers (run-image.sh: unpacked, chroot as the image's user,
 * one CPU of quota): the JVM of the base, the app's class path and its libraries resolve inside the
 * image alone. Needs root; skipped otherwise, or when the image was not built.
 */
class ImageRunIT {

    @Test
    void shouldStartTheEntryPointFromTheImagesOwnFilesAsItsUser() throws Exception {
        ImageTar image = ImageTar.built();
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "run-image.sh needs root (chroot, mounts)");
        Process run = new ProcessBuilder(Path.of("run-image.sh").toAbsolutePath().toString(), "--cpus", "1",
                image.file.toString(), "--help").redirectErrorStream(true).start();
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = output(run);
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).contains("Usage: glimpse app", "run  Start an instance.");
    }

    private static String output(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
