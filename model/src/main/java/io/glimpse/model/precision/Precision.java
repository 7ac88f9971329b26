package io.glimpse.model.precision;

import java.util.Locale;

/**
 * The arithmetic of the encoder blocks' linear layers. {@code FP32} is the default and the
 * reference the parity fixtures check; {@code BF16} runs those layers in bfloat16 (the keep
 * predictors, the head, attention and normalisation stay float32); {@code AUTO} picks bf16 only
 * where the CPU has bf16 matrix instructions, since elsewhere libtorch emulates bf16 and is slower.
 */
public enum Precision {
    FP32,
    BF16,
    AUTO;

    /**
     * Reads a precision as written in configuration.
     *
     * @param text {@code fp32}, {@code bf16} or {@code auto}, any case
     * @return the precision
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Precision parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown precision '" + text + "'; expected fp32, bf16 or auto", e);
        }
    }

    /**
     * Resolves {@code AUTO} against the CPU; {@code FP32} and {@code BF16} are returned as they are.
     *
     * @param cpu the CPU's features
     * @return {@code FP32} or {@code BF16}
     */
    public Precision resolve(CpuFeatures cpu) {
        if (this != AUTO) {
            return this;
        }
        return cpu.hasBf16Matmul() ? BF16 : FP32;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
