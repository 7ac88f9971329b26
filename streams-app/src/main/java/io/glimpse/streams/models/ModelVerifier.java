package io.glimpse.streams.models;

import ai.djl.MalformedModelException;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.io.MalformedWeightsException;
import io.glimpse.model.io.WeightsProblem;
import io.glimpse.model.precision.Precision;
import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.weights.AssembledModel;
import io.glimpse.schemas.weights.RejectionReason;
import io.glimpse.schemas.weights.TrustedKeys;
import io.glimpse.schemas.weights.WeightsRejectedException;
import io.glimpse.streams.inference.ModelInput;
import io.glimpse.streams.inference.ServedModel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a published model may serve, before anything of it is used: who signed it, whether
 * it fits the running app (input size, classes), whether every tensor is there with the right shape
 * and finite values, and whether it classifies the {@link CanaryFrames} well enough at the keep
 * ratio and in the precision the app serves with. Hashes are checked before this, by the assembler. Each refusal names a
 * {@link RejectionReason}, so operators see why without reading a stack trace.
 */
public final class ModelVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrustedKeys trustedKeys;
    private final boolean allowUnsigned;
    private final ModelInput input;
    private final int classCount;
    private final CanaryFrames canary;
    private final double minCanaryAccuracy;
    private final double keepRatio;
    private final Precision precision;

    private ModelVerifier(Builder b) {
        trustedKeys = b.trustedKeys;
        allowUnsigned = b.allowUnsigned;
        input = b.input;
        classCount = b.classCount;
        canary = b.canary;
        minCanaryAccuracy = b.minCanaryAccuracy;
        keepRatio = b.keepRatio;
        precision = b.precision;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks the manifest's signature against the trusted keys.
     *
     * @param manifest the manifest as read from the topic
     * @throws WeightsRejectedException if unsigned (and unsigned is not allowed), signed by an
     *     unknown key, or altered after signing
     */
    public void checkSignature(ModelManifest manifest) throws WeightsRejectedException {
        trustedKeys.verify(manifest, allowUnsigned);
    }

    /**
     * Loads an assembled model in the serving precision and runs the canary; the caller owns the result.
     *
     * @param assembled the manifest and its verified weights
     * @return the model, ready to serve
     * @throws WeightsRejectedException if the model does not fit the app, its tensors are wrong, or it
     *     fails the canary; nothing stays loaded then
     */
    public ServedModel load(AssembledModel assembled) throws WeightsRejectedException {
        ModelManifest manifest = assembled.manifest();
        String version = manifest.getVersion();
        DynamicVitConfig config = config(manifest);
        List<String> labels = List.copyOf(manifest.getClassLabels());
        if (config.getImageWidth() != input.width() || config.getImageHeight() != input.height()
                || config.getClassCount() != classCount) {
            throw new WeightsRejectedException(RejectionReason.INCOMPATIBLE_CONFIG, String.format(Locale.ROOT,
                    "%s takes %d×%d images into %d classes; this app serves %d×%d into %d", version,
                    config.getImageWidth(), config.getImageHeight(), config.getClassCount(),
                    input.width(), input.height(), classCount));
        }
        if (!labels.isEmpty() && labels.size() != classCount) {
            throw new WeightsRejectedException(RejectionReason.INCOMPATIBLE_CONFIG,
                    version + " names " + labels.size() + " classes but has " + classCount);
        }
        DynamicVit model;
        try {
            model = DynamicVit.load(config, assembled.openWeights());
        } catch (MalformedWeightsException e) {
            throw new WeightsRejectedException(reasonFor(e.getProblems()), version + ": " + e.getMessage());
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new WeightsRejectedException(RejectionReason.LOAD_FAILED, version + ": " + e.getMessage());
        }
        try {
            ServedModel served = new ServedModel(model, version, labels.isEmpty() ? defaultLabels() : labels, precision);
            CanaryFrames.Score score = canary.score(model, keepRatio);
            if (!score.finite() || score.accuracy() < minCanaryAccuracy) {
                throw new WeightsRejectedException(RejectionReason.CANARY_FAILED, String.format(Locale.ROOT,
                        "%s scored %.1f %% on the %d canary frames at rho %.2f in %s (at least %.1f %% required%s)",
                        version, 100 * score.accuracy(), score.frames(), keepRatio, served.getPrecision(),
                        100 * minCanaryAccuracy,
                        score.finite() ? "" : "; some outputs were not finite"));
            }
            return served;
        } catch (WeightsRejectedException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private List<String> defaultLabels() {
        return java.util.stream.IntStream.range(0, classCount).mapToObj(i -> "class " + i).toList();
    }

    private static DynamicVitConfig config(ModelManifest manifest) throws WeightsRejectedException {
        try {
            JsonNode json = JSON.readTree(manifest.getConfigJson());
            return DynamicVitConfig.fromJson(json);
        } catch (IOException | RuntimeException e) {
            throw new WeightsRejectedException(RejectionReason.INCOMPATIBLE_CONFIG,
                    manifest.getVersion() + " has a configuration this app cannot read: " + e.getMessage());
        }
    }

    /** The most telling reason among the problems: a missing tensor, then a wrong one, then bad values. */
    static RejectionReason reasonFor(List<WeightsProblem> problems) {
        Set<WeightsProblem.Kind> kinds = problems.stream()
                .map(WeightsProblem::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(WeightsProblem.Kind.class)));
        if (kinds.contains(WeightsProblem.Kind.MISSING)) {
            return RejectionReason.MISSING_TENSOR;
        }
        if (kinds.contains(WeightsProblem.Kind.NON_FINITE) && kinds.size() == 1) {
            return RejectionReason.NON_FINITE_WEIGHTS;
        }
        return RejectionReason.MISSHAPED_TENSOR;
    }

    /** Configures a {@link ModelVerifier}. */
    public static final class Builder {
        private TrustedKeys trustedKeys = TrustedKeys.none();
        private boolean allowUnsigned;
        private ModelInput input;
        private int classCount;
        private CanaryFrames canary;
        private double minCanaryAccuracy = 0.6;
        private double keepRatio = 1.0;
        private Precision precision;

        private Builder() {}

        public Builder optTrustedKeys(TrustedKeys keys) {
            this.trustedKeys = keys;
            return this;
        }

        public Builder optAllowUnsigned(boolean allow) {
            this.allowUnsigned = allow;
            return this;
        }

        /**
         * Sets what a model must take and give to serve in this app.
         *
         * @param input the input size
         * @param classCount the number of classes
         * @return this
         */
        public Builder setServing(ModelInput input, int classCount) {
            this.input = input;
            this.classCount = classCount;
            return this;
        }

        public Builder setCanary(CanaryFrames canary) {
            this.canary = canary;
            return this;
        }

        public Builder optMinCanaryAccuracy(double accuracy) {
            this.minCanaryAccuracy = accuracy;
            return this;
        }

        /**
         * Sets the keep ratio the canary runs at: the lowest the app may serve with.
         *
         * @param rho ρ in (0, 1]
         * @return this
         */
        public Builder optKeepRatio(double rho) {
            this.keepRatio = rho;
            return this;
        }

        /**
         * Sets the precision a model serves in, and so the canary runs in: the app's, with no default,
         * since a model swapped in must not serve in another precision than the one it starts with.
         *
         * @param precision {@code fp32}, {@code bf16} or {@code auto}
         * @return this
         */
        public Builder setPrecision(Precision precision) {
            this.precision = precision;
            return this;
        }

        public ModelVerifier build() {
            if (input == null || canary == null || precision == null) {
                throw new IllegalStateException("A verifier needs the serving input, the canary frames and the precision");
            }
            return new ModelVerifier(this);
        }
    }
}
