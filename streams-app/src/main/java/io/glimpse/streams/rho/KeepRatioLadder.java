package io.glimpse.streams.rho;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ρ values the controller may choose, lowest first: a grid from the floor to the ceiling, less
 * every ρ that is no more accurate than some lower one (it would cost compute and buy no accuracy).
 * Climbing the ladder therefore always costs more and always gains accuracy, which is what makes
 * "the highest rung that meets the SLO" the best choice. With {@link AccuracyCurve#monotone()} every
 * grid value is a rung and the top rung is the ceiling. Immutable.
 */
public final class KeepRatioLadder {

    private static final double EPS = 1e-9;

    private final double[] rungs;
    private final double floor;
    private final double ceiling;

    private KeepRatioLadder(double[] rungs, double floor, double ceiling) {
        this.rungs = rungs;
        this.floor = floor;
        this.ceiling = ceiling;
    }

    /**
     * Builds the ladder.
     *
     * @param floor the lowest ρ, in (0, 1]
     * @param ceiling the highest ρ, in [floor, 1]
     * @param step the grid step, positive
     * @param accuracy accuracy by ρ
     * @return the ladder; its first rung is the floor
     */
    public static KeepRatioLadder of(double floor, double ceiling, double step, AccuracyCurve accuracy) {
        if (!(floor > 0 && floor <= ceiling && ceiling <= 1)) {
            throw new IllegalArgumentException("Keep ratio range must satisfy 0 < floor <= ceiling <= 1, got "
                    + floor + "–" + ceiling);
        }
        if (!(step > 0)) {
            throw new IllegalArgumentException("Keep ratio step must be positive, got " + step);
        }
        List<Double> grid = new ArrayList<>();
        for (int i = 0; floor + i * step < ceiling - EPS; i++) {
            grid.add(Math.round((floor + i * step) * 1e6) / 1e6);
        }
        grid.add(ceiling);
        List<Double> kept = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (double rho : grid) {
            double a = accuracy.accuracy(rho);
            if (kept.isEmpty() || a > best + EPS) {
                kept.add(rho);
                best = a;
            }
        }
        return new KeepRatioLadder(kept.stream().mapToDouble(Double::doubleValue).toArray(), floor, ceiling);
    }

    public int size() {
        return rungs.length;
    }

    /**
     * Returns a rung.
     *
     * @param index 0 for the floor, {@code size() - 1} for the top
     * @return ρ
     */
    public double rho(int index) {
        return rungs[index];
    }

    public int top() {
        return rungs.length - 1;
    }

    /**
     * Returns the highest rung at or below a ρ.
     *
     * @param rho ρ
     * @return its index, 0 if ρ is below the floor
     */
    public int indexAtOrBelow(double rho) {
        int index = 0;
        while (index < top() && rungs[index + 1] <= rho + EPS) {
            index++;
        }
        return index;
    }

    /** The configured floor (the lowest rung). */
    public double floor() {
        return floor;
    }

    /** The configured ceiling; the top rung is below it when higher ρ buy no accuracy. */
    public double ceiling() {
        return ceiling;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "KeepRatioLadder" + Arrays.toString(rungs);
    }
}
