package io.glimpse.model.conform;

/**
 * One comparison against the reference: a maximum absolute difference under a tolerance, or an
 * exact agreement of indices or decisions (tolerance 0, value = number of mismatching elements).
 */
public final class Check {

    private final String group;
    private final String tensor;
    private final boolean exact;
    private final double value;
    private final double tolerance;

    private Check(String group, String tensor, boolean exact, double value, double tolerance) {
        this.group = group;
        this.tensor = tensor;
        this.exact = exact;
        this.value = value;
        this.tolerance = tolerance;
    }

    static Check within(String group, String tensor, double maxAbsDiff, double tolerance) {
        return new Check(group, tensor, false, maxAbsDiff, tolerance);
    }

    static Check identical(String group, String tensor, long mismatches) {
        return new Check(group, tensor, true, mismatches, 0);
    }

    public String getGroup() {
        return group;
    }

    public String getTensor() {
        return tensor;
    }

    public boolean isExact() {
        return exact;
    }

    /**
     * Returns the measured value: the maximum absolute difference, or the mismatch count.
     *
     * @return the value (NaN when the output had a non-finite element)
     */
    public double getValue() {
        return value;
    }

    public double getTolerance() {
        return tolerance;
    }

    public boolean passed() {
        return exact ? value == 0 : value <= tolerance;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return group + "/" + tensor + (exact ? " mismatches=" + (long) value : " maxdiff=" + value)
                + (passed() ? " ok" : " FAIL");
    }
}
