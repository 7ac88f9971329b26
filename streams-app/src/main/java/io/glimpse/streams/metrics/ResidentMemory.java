package io.glimpse.streams.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory ({@code VmRSS} of {@code /proc/self/status}) as the gauge
 * {@code process.resident.memory} in bytes. The JVM's meters see the heap and its own buffers, not
 * libtorch's native tensors and OpenMP arenas; resident memory is what a container's memory limit
 * kills on, so it is the figure to size memory requests by. Registered only where the file exists
 * (Linux).
 */
public final class ResidentMemory implements MeterBinder {

    /** The name, which Prometheus shows as {@code process_resident_memory_bytes}. */
    public static final String NAME = "process.resident.memory";

    private static final Path STATUS = Path.of("/proc/self/status");

    private final Path status;

    /** Reads this process's status file. */
    public ResidentMemory() {
        this(STATUS);
    }

    ResidentMemory(Path status) {
        this.status = status;
    }

    /** {@inheritDoc} */
    @Override
    public void bindTo(MeterRegistry registry) {
        if (!Double.isNaN(read())) {
            Gauge.builder(NAME, this, ResidentMemory::read)
                    .description("Resident set size of the process (heap, native engine memory, thread stacks)")
                    .baseUnit(BaseUnits.BYTES)
                    .strongReference(true) // nothing else holds this binder: a weak gauge would read NaN after a GC
                    .register(registry);
        }
    }

    /**
     * Reads the resident set size.
     *
     * @return bytes, or NaN where the file or its line is missing
     */
    double read() {
        if (!Files.isReadable(status)) {
            return Double.NaN;
        }
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:     123456 kB": the kernel always reports kibibytes here.
                    String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024.0;
                }
            }
            return Double.NaN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
