package io.glimpse.trainer.optim;

/**
 * A learning rate as a function of training progress, measured in (fractional) epochs, so that one
 * schedule serves runs of any length and a resumed run lands on the same rate.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * Returns the learning rate.
     *
     * @param epoch progress in epochs, {@code step / stepsPerEpoch}, at least 0
     * @return the learning rate, at least 0
     */
    double at(double epoch);

    /**
     * A constant rate.
     *
     * @param lr the rate
     * @return the schedule
     */
    static LearningRateSchedule constant(double lr) {
        return epoch -> lr;
    }

    /**
     * Cosine from {@code lr} at 0 to {@code minLr} at {@code epochs}, as timm's {@code
     * cosine_scheduler}: {@code minLr + (lr - minLr)·(1 + cos(π·epoch/epochs))/2}, constant after.
     *
     * @param lr the rate at the start
     * @param minLr the rate at the end
     * @param epochs the length of the decay
     * @return the schedule
     */
    static LearningRateSchedule cosine(double lr, double minLr, double epochs) {
        return epoch -> {
            double t = Math.min(1, Math.max(0, epoch / epochs));
            return minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * t));
        };
    }

    /**
     * Linear warm-up from 0 to {@code lr} over {@code warmupEpochs}, then cosine down to {@code
     * minLr} at {@code epochs}: the teacher's schedule (DeiT).
     *
     * @param lr the peak rate
     * @param minLr the final rate
     * @param warmupEpochs the warm-up length, at least 0
     * @param epochs the whole run
     * @return the schedule
     */
    static LearningRateSchedule warmupCosine(double lr, double minLr, double warmupEpochs, double epochs) {
        LearningRateSchedule decay = cosine(lr, minLr, Math.max(1e-9, epochs - warmupEpochs));
        return epoch -> epoch < warmupEpochs ? lr * epoch / warmupEpochs : decay.at(epoch - warmupEpochs);
    }

    /**
     * The distillation backbone's rate (DynamicViT, SPEC section 7): 0 for the first {@code
     * frozenEpochs}, then {@code min(0.01·lr, cosine(epoch/epochs) between lr and minLr)}.
     *
     * @param lr the base rate
     * @param minLr the predictors' final rate
     * @param frozenEpochs how long the backbone stays still while the predictors learn
     * @param epochs the whole run
     * @return the schedule
     */
    static LearningRateSchedule frozenThenScaled(double lr, double minLr, double frozenEpochs, double epochs) {
        LearningRateSchedule cosine = cosine(lr, minLr, epochs);
        return epoch -> epoch < frozenEpochs ? 0 : Math.min(0.01 * lr, cosine.at(epoch));
    }
}
