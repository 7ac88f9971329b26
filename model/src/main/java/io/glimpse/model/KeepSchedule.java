package io.glimpse.model;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * How many patch tokens each pruning stage keeps for a keep ratio ρ.
 *
 * <p>Stage s (1-based) keeps {@code int(N0 * ρ^s)} tokens, the cumulative ratio computed in double
 * precision exactly as the official Python code does ({@code base_rate ** s}, which is the C
 * library's {@code pow}): {@code 0.7 ** 2} is 0.48999999999999994, and such last-bit differences
 * decide the truncation for some grids. The C {@code pow} is called where the platform has it;
 * elsewhere the correctly rounded power is used, which differs from it only in rare last bits.
 */
public final class KeepSchedule {

    private static final Function LIBM_POW = findLibmPow();

    private final double rho;
    private final double[] ratios;
    private final int[] counts;

    private KeepSchedule(int patchCount, double rho, int stages) {
        if (!(rho > 0 && rho <= 1)) {
            throw new IllegalArgumentException("Keep ratio must be in (0, 1], got " + rho);
        }
        this.rho = rho;
        ratios = new double[stages];
        counts = new int[stages];
        for (int s = 0; s < stages; s++) {
            ratios[s] = pow(rho, s + 1);
            counts[s] = (int) (patchCount * ratios[s]);
            if (counts[s] < 1) {
                throw new IllegalArgumentException(
                        "Keep ratio " + rho + " keeps 0 of " + patchCount + " patches at stage " + (s + 1)
                                + " (int(" + patchCount + " * " + ratios[s] + ") = 0); use a larger ratio");
            }
        }
    }

    /**
     * Computes the schedule for a model.
     *
     * @param config the model
     * @param rho the keep ratio, in (0, 1]
     * @return the per-stage ratios and counts
     * @throws IllegalArgumentException if ρ is outside (0, 1] or a stage would keep no token
     */
    public static KeepSchedule of(DynamicVitConfig config, double rho) {
        return new KeepSchedule(config.getPatchCount(), rho, config.getStageCount());
    }

    /**
     * Computes the schedule for a patch count and a number of stages.
     *
     * @param patchCount N0
     * @param rho the keep ratio, in (0, 1]
     * @param stages the number of pruning stages
     * @return the per-stage ratios and counts
     */
    public static KeepSchedule of(int patchCount, double rho, int stages) {
        return new KeepSchedule(patchCount, rho, stages);
    }

    /**
     * Returns {@code x ** n} as CPython computes it for floats.
     *
     * @param x the base
     * @param n the exponent
     * @return the power in double precision
     */
    public static double pow(double x, int n) {
        if (n == 1) {
            return x;
        }
        if (LIBM_POW != null) {
            return LIBM_POW.invokeDouble(new Object[] {x, (double) n});
        }
        return new BigDecimal(x).pow(n).doubleValue();
    }

    private static Function findLibmPow() {
        try {
            return NativeLibrary.getInstance("m").getFunction("pow");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    public double getRho() {
        return rho;
    }

    /**
     * Returns the cumulative keep ratio of each stage, {@code ρ^s}.
     *
     * @return a copy of the ratios
     */
    public double[] getRatios() {
        return ratios.clone();
    }

    /**
     * Returns the number of patch tokens kept after each stage.
     *
     * @return a copy of the counts
     */
    public int[] getCounts() {
        return counts.clone();
    }

    /**
     * Returns the number of patch tokens kept after a stage.
     *
     * @param stage 0-based stage index
     * @return K_{stage+1}
     */
    public int getCount(int stage) {
        return counts[stage];
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "KeepSchedule{rho=" + rho + ", counts=" + Arrays.toString(counts) + '}';
    }
}
