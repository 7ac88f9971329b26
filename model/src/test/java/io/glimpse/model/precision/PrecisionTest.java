package io.glimpse.model.precision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Choosing a precision from configuration and the CPU's flags. */
class PrecisionTest {

    private static final CpuFeatures ZEN3 = CpuFeatures.parse("""
            processor\t: 0
            model name\t: AMD EPYC 7763 64-Core Processor
            flags\t\t: fpu sse2 avx avx2 fma f16c
            """);
    private static final CpuFeatures ZEN4 = CpuFeatures.parse("""
            model name\t: AMD EPYC 9654
            flags\t\t: avx2 avx512f avx512bw avx512_bf16 avx512_vnni
            """);
    private static final CpuFeatures SAPPHIRE_RAPIDS = CpuFeatures.parse("""
            model name\t: Intel(R) Xeon(R) Platinum 8481C
            flags\t\t: avx2 avx512f amx_bf16 amx_tile amx_int8
            """);

    @Test
    void shouldReadTheConfiguredNamesInAnyCase() {
        assertThat(Precision.parse("fp32")).isEqualTo(Precision.FP32);
        assertThat(Precision.parse(" BF16 ")).isEqualTo(Precision.BF16);
        assertThat(Precision.parse("Auto")).isEqualTo(Precision.AUTO);
        assertThat(Precision.BF16).hasToString("bf16");
    }

    @Test
    void shouldNameTheAcceptedValuesWhenTheNameIsUnknown() {
        assertThatThrownBy(() -> Precision.parse("fp16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fp32, bf16 or auto");
    }

    @Test
    void shouldPickBf16OnlyWhereTheCpuHasBf16MatrixInstructions() {
        assertThat(Precision.AUTO.resolve(ZEN3)).isEqualTo(Precision.FP32);
        assertThat(Precision.AUTO.resolve(ZEN4)).isEqualTo(Precision.BF16);
        assertThat(Precision.AUTO.resolve(SAPPHIRE_RAPIDS)).isEqualTo(Precision.BF16);
    }

    @Test
    void shouldKeepAnExplicitChoiceWhateverTheCpu() {
        assertThat(Precision.BF16.resolve(ZEN3)).isEqualTo(Precision.BF16);
        assertThat(Precision.FP32.resolve(SAPPHIRE_RAPIDS)).isEqualTo(Precision.FP32);
    }

    @Test
    void shouldReportNoFlagsWhenCpuinfoSaysNothing() {
        CpuFeatures none = CpuFeatures.parse("");
        assertThat(none.hasBf16Matmul()).isFalse();
        assertThat(none.toString()).startsWith("unknown");
    }
}
