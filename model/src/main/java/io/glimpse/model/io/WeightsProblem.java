package io.glimpse.model.io;

/**
 * One thing wrong with a set of weights against the model that should hold them, typed so that a
 * caller that must act on the kind (a hot-swap that reports why it refused a model) need not parse
 * a message.
 *
 * @param kind what is wrong
 * @param tensor the state-dict name of the tensor concerned
 * @param detail one human-readable line
 */
public record WeightsProblem(Kind kind, String tensor, String detail) {

    /** What can be wrong with a tensor. */
    public enum Kind {
        /** The model has a parameter the weights lack. */
        MISSING,
        /** The weights have a tensor the model has no parameter for. */
        UNKNOWN,
        /** Two tensors share a name. */
        DUPLICATE,
        /** The tensor's shape differs from the parameter's. */
        MISSHAPED,
        /** The tensor is not float32. */
        WRONG_TYPE,
        /** The tensor holds NaN or an infinity. */
        NON_FINITE
    }

    @Override
    public String toString() {
        return detail;
    }
}
