package io.glimpse.model.precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU flags that decide whether bf16 pays: {@code avx512_bf16} (Cooper Lake, Zen 4 and later)
 * or {@code amx_bf16} (Sapphire Rapids and later). Without either, libtorch's bf16 GEMM is a
 * conversion loop around float32 arithmetic, several times slower than sgemm.
 */
public final class CpuFeatures {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private final String model;
    private final Set<String> flags;

    private CpuFeatures(String model, Set<String> flags) {
        this.model = model;
        this.flags = flags;
    }

    /**
     * Reads this machine's CPU from {@code /proc/cpuinfo}; elsewhere (not Linux) reports no flags.
     *
     * @return the features
     */
    public static CpuFeatures detect() {
        try {
            return parse(Files.readString(CPUINFO));
        } catch (IOException | SecurityException e) {
            return new CpuFeatures("unknown", Set.of());
        }
    }

    /**
     * Parses the text of {@code /proc/cpuinfo} (the first processor's {@code model name} and {@code flags}).
     *
     * @param cpuinfo the file's text
     * @return the features
     */
    public static CpuFeatures parse(String cpuinfo) {
        String model = "unknown";
        Set<String> flags = new TreeSet<>();
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if ("model name".equals(key) && "unknown".equals(model)) {
                model = value;
            } else if ("flags".equals(key) && flags.isEmpty()) {
                flags.addAll(Arrays.asList(value.split("\\s+")));
            }
        }
        return new CpuFeatures(model, flags);
    }

    /**
     * Whether the CPU multiplies bf16 matrices natively.
     *
     * @return true with {@code avx512_bf16} or {@code amx_bf16}
     */
    public boolean hasBf16Matmul() {
        return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return model + (hasBf16Matmul() ? " (bf16 matrix instructions)" : " (no bf16 matrix instructions)");
    }
}
