package io.glimpse.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AdamW (Loshchilov and Hutter) over several {@link ParameterGroup}s, each with its own schedule
 * and weight decay, with global-norm gradient clipping and a guard against non-finite gradients.
 *
 * <p>DJL's optimizers take one schedule per optimizer; DynamicViT's fine-tune needs three groups
 * (predictors; backbone with decay; backbone without), so this applies PyTorch's update by hand:
 * {@code w ← w·(1 − lr·wd)}, {@code m ← β1·m + (1−β1)·g}, {@code v ← β2·v + (1−β2)·g²}, {@code w ← w
 * − lr·m̂/(√v̂ + ε)} with bias-corrected m̂, v̂. Updates run in place outside any gradient
 * collector; the moments live in a manager this optimizer owns. After every {@link #step} the
 * gradients are zero again, whether the step was applied or skipped.
 */
public final class AdamW implements AutoCloseable {

    private final List<ParameterGroup> groups;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double maxGradNorm;
    private final double maxTensorGradNorm;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long steps;
    private long skipped;

    private AdamW(Builder b, NDManager parent) {
        groups = List.copyOf(b.groups);
        beta1 = b.beta1;
        beta2 = b.beta2;
        epsilon = b.epsilon;
        maxGradNorm = b.maxGradNorm;
        maxTensorGradNorm = b.maxTensorGradNorm;
        manager = parent.newSubManager();
        for (ParameterGroup g : groups) {
            for (Map.Entry<String, Parameter> e : g.parameters().entrySet()) {
                NDArray w = e.getValue().getArray();
                firstMoments.put(e.getKey(), manager.zeros(w.getShape(), w.getDataType()));
                secondMoments.put(e.getKey(), manager.zeros(w.getShape(), w.getDataType()));
            }
        }
        // A fresh gradient buffer is not guaranteed to be zero; the first backward adds to it.
        clearGradients();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What one call of {@link #step} did. */
    /**
     * What one call of {@link #step} did.
     *
     * @param applied whether the update was applied
     * @param gradNorm the global gradient norm before clipping
     * @param nonFinite the parameters with non-finite gradients (skipped steps)
     * @param largest the parameter with the largest gradient norm, when the global norm exceeded
     *     {@link #SUSPICIOUS_NORM}, else empty: where exploding gradients come from
     */
    public record StepResult(boolean applied, double gradNorm, List<String> nonFinite, String largest) {}

    /** Gradient norms above this make {@link #step} name the parameter with the largest one. */
    public static final double SUSPICIOUS_NORM = 1e3;

    /**
     * Applies one update from the gradients the last backward pass left in the parameters, unless
     * their global norm is not finite, in which case nothing changes but the skip count.
     *
     * @param epoch training progress in epochs, for the groups' schedules
     * @return whether the step was applied, and the gradient norm before clipping
     */
    public StepResult step(double epoch) {
        try (NDManager scope = manager.newSubManager()) {
            List<NDArray> grads = new ArrayList<>();
            List<NDArray> weights = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<double[]> settings = new ArrayList<>();
            for (ParameterGroup g : groups) {
                double lr = g.schedule().at(epoch);
                for (Map.Entry<String, Parameter> e : g.parameters().entrySet()) {
                    NDArray w = e.getValue().getArray();
                    NDArray grad = w.getGradient();
                    grad.attach(scope);
                    grads.add(grad);
                    weights.add(w);
                    names.add(e.getKey());
                    settings.add(new double[] {lr, g.weightDecay()});
                }
            }
            NDArray sumSquares = null;
            for (NDArray grad : grads) {
                NDArray s = grad.square().sum();
                sumSquares = sumSquares == null ? s : sumSquares.add(s);
            }
            double norm = sumSquares == null ? 0 : Math.sqrt(sumSquares.getFloat());
            if (!Double.isFinite(norm)) {
                skipped++;
                List<String> culprits = new ArrayList<>();
                for (int i = 0; i < grads.size(); i++) {
                    if (!Float.isFinite(grads.get(i).square().sum().getFloat())) {
                        culprits.add(names.get(i));
                    }
                    zero(grads.get(i));
                }
                return new StepResult(false, norm, culprits, "");
            }
            String largest = "";
            if (norm > SUSPICIOUS_NORM) {
                double max = -1;
                for (int i = 0; i < grads.size(); i++) {
                    double n = grads.get(i).square().sum().getFloat();
                    if (n > max) {
                        max = n;
                        largest = names.get(i) + String.format(java.util.Locale.ROOT, " (%.3g)", Math.sqrt(n));
                    }
                }
            }
            double clip = maxGradNorm > 0 && norm > maxGradNorm ? maxGradNorm / (norm + 1e-6) : 1;
            steps++;
            double correction1 = 1 - Math.pow(beta1, steps);
            double correction2 = 1 - Math.pow(beta2, steps);
            for (int i = 0; i < grads.size(); i++) {
                NDArray grad = grads.get(i);
                NDArray w = weights.get(i);
                double lr = settings.get(i)[0];
                double wd = settings.get(i)[1];
                double scale = clip;
                if (maxTensorGradNorm > 0) {
                    double n = Math.sqrt(grad.square().sum().getFloat());
                    if (n > maxTensorGradNorm) {
                        scale *= maxTensorGradNorm / (n + 1e-6);
                    }
                }
                NDArray g = scale == 1 ? grad : grad.mul((float) scale);
                NDArray m = firstMoments.get(names.get(i));
                NDArray v = secondMoments.get(names.get(i));
                // An op's result (and the scalar of an op with a number) lands in the manager of its
                // first operand: lend the long-lived arrays to this step's scope, or every step
                // would leave its temporaries in the optimizer's and the model's managers.
                w.tempAttach(scope);
                m.tempAttach(scope);
                v.tempAttach(scope);
                m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
                v.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
                if (lr > 0) {
                    if (wd > 0) {
                        w.muli((float) (1 - lr * wd));
                    }
                    NDArray denominator = v.div((float) correction2).sqrt().addi((float) epsilon);
                    w.subi(m.div(denominator).muli((float) (lr / correction1)));
                }
                zero(grad);
            }
            return new StepResult(true, norm, List.of(), largest);
        }
    }

    /**
     * Counts a step skipped before any gradient was computed (a non-finite loss) and clears
     * whatever gradients a partial backward pass may have left.
     */
    public void skip() {
        skipped++;
        clearGradients();
    }

    private void clearGradients() {
        try (NDManager scope = manager.newSubManager()) {
            for (ParameterGroup g : groups) {
                for (Parameter p : g.parameters().values()) {
                    NDArray grad = p.getArray().getGradient();
                    grad.attach(scope);
                    zero(grad);
                }
            }
        }
    }

    /** Zeroes a gradient in place, NaN and infinities included (0·NaN would stay NaN). */
    private static void zero(NDArray grad) {
        grad.set(new NDIndex("..."), 0f);
    }

    /**
     * Returns the number of applied steps (Adam's t).
     *
     * @return applied steps
     */
    public long getSteps() {
        return steps;
    }

    /**
     * Returns how many steps were skipped for non-finite gradients.
     *
     * @return skipped steps
     */
    public long getSkipped() {
        return skipped;
    }

    public List<ParameterGroup> getGroups() {
        return groups;
    }

    /**
     * Returns the learning rate of each group at a point of training, for logs.
     *
     * @param epoch progress in epochs
     * @return group name to rate
     */
    public Map<String, Double> learningRates(double epoch) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (ParameterGroup g : groups) {
            out.put(g.name(), g.schedule().at(epoch));
        }
        return out;
    }

    /**
     * Returns the moments, named {@code exp_avg.<param>} and {@code exp_avg_sq.<param>}, to save.
     *
     * @return the optimizer's own arrays (not copies)
     */
    public NDList stateTensors() {
        NDList list = new NDList();
        for (Map.Entry<String, NDArray> e : firstMoments.entrySet()) {
            e.getValue().setName("exp_avg." + e.getKey());
            list.add(e.getValue());
        }
        for (Map.Entry<String, NDArray> e : secondMoments.entrySet()) {
            e.getValue().setName("exp_avg_sq." + e.getKey());
            list.add(e.getValue());
        }
        return list;
    }

    /**
     * Restores the state {@link #stateTensors} and the counters described.
     *
     * @param tensors the saved moments
     * @param steps the applied steps
     * @param skipped the skipped steps
     */
    public void loadState(NDList tensors, long steps, long skipped) {
        Set<String> seen = new HashSet<>();
        for (NDArray t : tensors) {
            String name = t.getName();
            Map<String, NDArray> target;
            String key;
            if (name.startsWith("exp_avg_sq.")) {
                target = secondMoments;
                key = name.substring("exp_avg_sq.".length());
            } else if (name.startsWith("exp_avg.")) {
                target = firstMoments;
                key = name.substring("exp_avg.".length());
            } else {
                throw new IllegalArgumentException("Unknown optimizer tensor " + name);
            }
            NDArray own = target.get(key);
            if (own == null || !own.getShape().equals(t.getShape())) {
                throw new IllegalArgumentException("Optimizer tensor " + name + " does not match the model");
            }
            own.set(new NDIndex("..."), t);
            seen.add(name);
        }
        if (seen.size() != firstMoments.size() + secondMoments.size()) {
            throw new IllegalArgumentException("Optimizer state has " + seen.size() + " tensors, expected "
                    + (firstMoments.size() + secondMoments.size()));
        }
        this.steps = steps;
        this.skipped = skipped;
    }

    /** Frees the moments. */
    @Override
    public void close() {
        manager.close();
    }

    /** Builds an {@link AdamW}; PyTorch's defaults (β 0.9, 0.999, ε 1e-8), no clipping. */
    public static final class Builder {
        private final List<ParameterGroup> groups = new ArrayList<>();
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double maxGradNorm;
        private double maxTensorGradNorm;

        Builder() {}

        /**
         * Clips each tensor's gradient norm on its own (default 0: off), so that one exploding
         * tensor cannot shrink every other update as a global clip does.
         *
         * @param maxTensorGradNorm the largest norm per tensor, 0 for none
         * @return this builder
         */
        public Builder optMaxTensorGradNorm(double maxTensorGradNorm) {
            this.maxTensorGradNorm = maxTensorGradNorm;
            return this;
        }

        public Builder addGroup(ParameterGroup group) {
            groups.add(group);
            return this;
        }

        public Builder optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Clips the global gradient norm (default 0: off).
         *
         * @param maxGradNorm the largest norm, 0 for none
         * @return this builder
         */
        public Builder optMaxGradNorm(double maxGradNorm) {
            this.maxGradNorm = maxGradNorm;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @param manager the parent of the manager holding the moments
         * @return the optimizer
         */
        public AdamW build(NDManager manager) {
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("At least one parameter group is required");
            }
            Set<String> names = new HashSet<>();
            for (ParameterGroup g : groups) {
                for (String n : g.parameters().keySet()) {
                    if (!names.add(n)) {
                        throw new IllegalArgumentException("Parameter " + n + " is in two groups");
                    }
                }
            }
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Betas must be in [0, 1)");
            }
            if (!(epsilon > 0) || !(maxGradNorm >= 0)) {
                throw new IllegalArgumentException("Epsilon must be > 0 and max gradient norm >= 0");
            }
            return new AdamW(this, manager);
        }
    }
}
