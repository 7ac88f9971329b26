package io.glimpse.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keeping the bench's clients off the cores it measures, through Linux's scheduler affinity. */
@EnabledOnOs(OS.LINUX)
class CpuPinningTest {

    @Test
    void shouldRunTheTaskAndTheThreadsItStartsOnTheGivenCpus() throws Exception {
        String[] seen = new String[2];

        CpuPinning.onCpus("0", () -> {
            seen[0] = allowedOfThisThread();
            Thread child = new Thread(() -> seen[1] = allowedOfThisThread());
            child.start();
            child.join();
            return null;
        });

        assertThat(seen).containsExactly("0", "0");
        assertThat(allowedOfThisThread()).as("the caller keeps its own CPUs").isEqualTo(CpuPinning.allowedHere());
    }

    @Test
    void shouldReturnTheTasksResultAndPassOnItsFailure() throws Exception {
        assertThat(CpuPinning.onCpus("0", () -> 42)).isEqualTo(42);
        assertThatThrownBy(() -> CpuPinning.onCpus("0", () -> {
            throw new IllegalStateException("broken");
        })).isInstanceOf(IllegalStateException.class).hasMessage("broken");
    }

    @Test
    void shouldRefuseCpusThatDoNotExist() {
        assertThatThrownBy(() -> CpuPinning.onCpus("4095", () -> 1))
                .isInstanceOf(IOException.class).hasMessageContaining("4095");
    }

    private static String allowedOfThisThread() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return "unknown";
    }
}
