/**
 * Reduced precision on the CPU: which precision to run ({@link io.glimpse.model.precision.Precision}),
 * whether this CPU has fast bf16 ({@link io.glimpse.model.precision.CpuFeatures}), and the only way
 * found to hold a bf16 tensor in DJL 0.36's PyTorch engine ({@link io.glimpse.model.precision.Bf16Cast}).
 * See {@code docs/reduced-precision.md}.
 */
package io.glimpse.model.precision;
