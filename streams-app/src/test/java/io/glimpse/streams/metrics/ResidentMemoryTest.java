package io.glimpse.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory is read from the kernel's kibibytes, and left out where there is no such file. */
class ResidentMemoryTest {

    @Test
    void shouldReportVmRssInBytes(@TempDir Path dir) throws Exception {
        Path status = Files.writeString(dir.resolve("status"),
                "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  123456 kB\nThreads:\t42\n");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new ResidentMemory(status).bindTo(registry);

        assertThat(registry.get(ResidentMemory.NAME).gauge().value()).isEqualTo(123456 * 1024.0);
        assertThat(registry.get(ResidentMemory.NAME).gauge().getId().getBaseUnit()).isEqualTo("bytes");
    }

    @Test
    void shouldRegisterNothingWhereTheFileIsMissing(@TempDir Path dir) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new ResidentMemory(dir.resolve("absent")).bindTo(registry);

        assertThat(registry.find(ResidentMemory.NAME).gauge()).isNull();
    }
}
