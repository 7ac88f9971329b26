package io.glimpse.model.precision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Documents a DJL 0.36 bug: passing {@code DataType.BFLOAT16} to the PyTorch engine aborts the JVM
 * ("terminate called without an active exception", SIGABRT, exit 134). Its JNI maps DJL types to
 * libtorch types in {@code utils::GetScalarTypeFromDType} ({@code djl_pytorch_utils.h}), whose
 * {@code default:} is a bare {@code throw;} with no exception to rethrow, so {@code std::terminate}
 * runs before the {@code API_BEGIN}/{@code API_END} try-catch can turn it into an EngineException.
 *
 * <p>Each probe runs in a child JVM ({@link Bf16Probe}). When DJL fixes this (bf16 made, or at
 * least an exception), this test fails: flip it to expect exit 0 and consider dropping {@link
 * Bf16Cast}. See {@code docs/reduced-precision.md}.
 */
class DjlBf16AbortTest {

    @ParameterizedTest
    @ValueSource(strings = {"toType", "zeros", "ones", "create"})
    void shouldAbortTheJvmWhenDjlIsAskedForABfloat16Array(String probe) throws Exception {
        Child child = runProbe(probe);

        assertThat(child.output()).contains("probe: float16 works: float16").contains(Bf16Probe.BEFORE + probe);
        assertThat(child.output()).doesNotContain("probe: made");
        assertThat(child.output()).contains("terminate called without an active exception");
        assertThat(child.exitCode()).as(child.output()).isEqualTo(134);
    }

    private record Child(int exitCode, String output) {}

    private static Child runProbe(String probe) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                java.toString(), "-Dai.djl.offline=true", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), Bf16Probe.class.getName(), probe));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Child(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
