package io.glimpse.trainer.eval;

import java.util.List;

/**
 * One model's results for the card: its accuracy per keep ratio (a dense teacher has one point at
 * ρ = 1), with GMACs per frame and measured images per second, and accuracy per class.
 *
 * @param name the label in tables and plots
 * @param description how it was trained
 * @param points one per evaluated ρ, in order
 */
public record ModelEntry(String name, String description, List<Point> points) {

    /**
     * A model at one keep ratio.
     *
     * @param rho the keep ratio (1 for dense)
     * @param gmacs analytic giga multiply-accumulates per frame
     * @param accuracy frame accuracy in [0, 1]
     * @param imagesPerSecond measured inference throughput
     * @param classAccuracy accuracy per class in [0, 1]
     */
    public record Point(double rho, double gmacs, double accuracy, double imagesPerSecond, double[] classAccuracy) {}

    /**
     * Returns the point at a keep ratio.
     *
     * @param rho the ratio
     * @return the point, or {@code null}
     */
    public Point at(double rho) {
        for (Point p : points) {
            if (Math.abs(p.rho() - rho) < 1e-9) {
                return p;
            }
        }
        return null;
    }

    /**
     * Returns the mean accuracy over the points with ρ in a range: how well a checkpoint serves the
     * ratios an adaptive controller may pick.
     *
     * @param minRho the smallest ratio
     * @param maxRho the largest ratio
     * @return the mean accuracy, NaN if no point is in range
     */
    public double meanAccuracy(double minRho, double maxRho) {
        double sum = 0;
        int n = 0;
        for (Point p : points) {
            if (p.rho() >= minRho - 1e-9 && p.rho() <= maxRho + 1e-9) {
                sum += p.accuracy();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
