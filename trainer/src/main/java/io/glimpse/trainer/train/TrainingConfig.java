package io.glimpse.trainer.train;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.glimpse.clips.CameraSize;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.resize.ResizePolicy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a training run depends on: architecture, data, optimisation, distillation and run
 * bookkeeping. Immutable and validated; read from a JSON file whose keys are the field names (any
 * subset; unknown keys are errors), then overridden by command-line flags through {@link
 * #toBuilder()}.
 *
 * <p>One class serves the teacher and the distillation: the distillation keys ({@code rho}, {@code
 * rhoMin}, {@code rhoMax}, {@code teacher}, {@code backboneFrozenEpochs}, ...) are ignored when
 * training a teacher.
 */
public final class TrainingConfig {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    // Architecture.
    private final int imageSize;
    private final int patchSize;
    private final int embedDim;
    private final int depth;
    private final int heads;
    private final int[] pruneAt;
    // Data.
    private final int trainFrames;
    private final int framesPerClip;
    private final int evalFrames;
    private final long dataSeed;
    private final long testSeed;
    private final boolean flip;
    private final boolean freshClipsEachEpoch;
    private final double cameraShare;
    private final String cameraSizes;
    private final String cameraResize;
    // Optimisation.
    private final int epochs;
    private final int batchSize;
    private final double lr;
    private final double minLr;
    private final double warmupEpochs;
    private final double weightDecay;
    private final double labelSmoothing;
    private final double maxGradNorm;
    private final double maxTensorGradNorm;
    private final double emaDecay;
    private final int seed;
    private final int maxSteps;
    private final String init;
    // Distillation.
    private final String teacher;
    private final double rho;
    private final double rhoMin;
    private final double rhoMax;
    private final double backboneFrozenEpochs;
    private final double ratioWeight;
    private final double distillWeight;
    // Run.
    private final String output;
    private final int checkpointEvery;
    private final int logEvery;
    private final boolean progressBar;

    private TrainingConfig(Builder b) {
        imageSize = b.imageSize;
        patchSize = b.patchSize;
        embedDim = b.embedDim;
        depth = b.depth;
        heads = b.heads;
        pruneAt = b.pruneAt.clone();
        trainFrames = b.trainFrames;
        framesPerClip = b.framesPerClip;
        evalFrames = b.evalFrames;
        dataSeed = b.dataSeed;
        testSeed = b.testSeed;
        flip = b.flip;
        freshClipsEachEpoch = b.freshClipsEachEpoch;
        cameraShare = b.cameraShare;
        cameraSizes = b.cameraSizes;
        cameraResize = b.cameraResize;
        epochs = b.epochs;
        batchSize = b.batchSize;
        lr = b.lr;
        minLr = b.minLr;
        warmupEpochs = b.warmupEpochs;
        weightDecay = b.weightDecay;
        labelSmoothing = b.labelSmoothing;
        maxGradNorm = b.maxGradNorm;
        maxTensorGradNorm = b.maxTensorGradNorm;
        emaDecay = b.emaDecay;
        seed = b.seed;
        maxSteps = b.maxSteps;
        init = b.init;
        teacher = b.teacher;
        rho = b.rho;
        rhoMin = b.rhoMin;
        rhoMax = b.rhoMax;
        backboneFrozenEpochs = b.backboneFrozenEpochs;
        ratioWeight = b.ratioWeight;
        distillWeight = b.distillWeight;
        output = b.output;
        checkpointEvery = b.checkpointEvery;
        logEvery = b.logEvery;
        progressBar = b.progressBar;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a configuration file over the defaults.
     *
     * @param path a JSON object whose keys are field names
     * @return a builder holding the file's values, to override with flags
     * @throws IOException if the file cannot be read or has an unknown key
     */
    public static Builder read(Path path) throws IOException {
        Builder b = new Builder();
        MAPPER.readerForUpdating(b).readValue(path.toFile());
        return b;
    }

    /**
     * Returns a builder holding this configuration's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return MAPPER.convertValue(toJson(), Builder.class);
    }

    /**
     * Returns every value, for the run log and the checkpoint.
     *
     * @return a JSON object that {@link #read} accepts
     */
    public ObjectNode toJson() {
        return MAPPER.valueToTree(this);
    }

    /**
     * Returns the student architecture (the dense teacher is its {@link DynamicVitConfig#dense()}).
     *
     * @return the DynamicViT configuration, 10 classes
     */
    public DynamicVitConfig modelConfig() {
        return DynamicVitConfig.builder()
                .setImageSize(imageSize)
                .setPatchSize(patchSize)
                .setEmbeddingSize(embedDim)
                .setDepth(depth)
                .setHeadCount(heads)
                .setClassCount(10)
                .optPruneAt(pruneAt)
                .build();
    }

    /**
     * Tells whether the distillation samples ρ per batch from [{@link #getRhoMin}, {@link
     * #getRhoMax}] instead of using the fixed {@link #getRho}.
     *
     * @return true for ρ-robust training
     */
    public boolean isRhoRobust() {
        return rhoMin < rhoMax;
    }

    public int getImageSize() {
        return imageSize;
    }

    public int getPatchSize() {
        return patchSize;
    }

    public int getEmbedDim() {
        return embedDim;
    }

    public int getDepth() {
        return depth;
    }

    public int getHeads() {
        return heads;
    }

    public int[] getPruneAt() {
        return pruneAt.clone();
    }

    /**
     * Returns how many frames one epoch has.
     *
     * @return frames per epoch
     */
    public int getTrainFrames() {
        return trainFrames;
    }

    /**
     * Returns the clip length used for training (default 1): frames of one clip are nearly the same
     * image, so one frame per clip shows the most distinct items per epoch and keeps batches
     * diverse (measured: switching a run from 4 to 1 lowered its gradient norm from 1.5 to 1.05).
     *
     * @return frames per training clip
     */
    public int getFramesPerClip() {
        return framesPerClip;
    }

    /**
     * Returns how many test frames the end-of-epoch evaluation uses.
     *
     * @return frames, 0 for none
     */
    public int getEvalFrames() {
        return evalFrames;
    }

    public long getDataSeed() {
        return dataSeed;
    }

    public long getTestSeed() {
        return testSeed;
    }

    public boolean isFlip() {
        return flip;
    }

    /**
     * Tells whether each epoch draws new clips (new placements, motion, clutter) instead of
     * replaying epoch 0's: the cheapest augmentation there is.
     *
     * @return true to advance the first clip every epoch
     */
    public boolean isFreshClipsEachEpoch() {
        return freshClipsEachEpoch;
    }

    /**
     * Returns the share of training clips rendered at a camera size and scaled to the input by the
     * app's resizer (0: model-size clips only).
     *
     * @return in [0, 1]
     */
    public double getCameraShare() {
        return cameraShare;
    }

    /**
     * Returns the camera sizes of the camera-size clips, picked evenly.
     *
     * @return e.g. 640x480 and 1280x720
     */
    public List<CameraSize> getCameraSizes() {
        return CameraSize.parseList(cameraSizes);
    }

    /**
     * Returns the resize policies the camera-size clips go through, picked evenly.
     *
     * @return e.g. fit, the app's default
     */
    public List<ResizePolicy> getCameraResize() {
        return policies(cameraResize);
    }

    private static List<ResizePolicy> policies(String list) {
        List<ResizePolicy> policies = new ArrayList<>();
        for (String p : list.split(",")) {
            policies.add(ResizePolicy.of(p));
        }
        return List.copyOf(policies);
    }

    public int getEpochs() {
        return epochs;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public double getLr() {
        return lr;
    }

    public double getMinLr() {
        return minLr;
    }

    public double getWarmupEpochs() {
        return warmupEpochs;
    }

    public double getWeightDecay() {
        return weightDecay;
    }

    public double getLabelSmoothing() {
        return labelSmoothing;
    }

    public double getMaxGradNorm() {
        return maxGradNorm;
    }

    /**
     * Returns the per-tensor gradient clip (0: none), against one exploding tensor.
     *
     * @return the largest gradient norm of any one tensor
     */
    public double getMaxTensorGradNorm() {
        return maxTensorGradNorm;
    }

    /**
     * Returns the decay of the exponential moving average of the weights (0: none). The average
     * smooths out the last steps' noise; with it on, the run's weights are the average.
     *
     * @return the per-step decay, in [0, 1)
     */
    public double getEmaDecay() {
        return emaDecay;
    }

    public int getSeed() {
        return seed;
    }

    /**
     * Returns a cap on optimizer steps for the whole run (smoke tests), 0 for none.
     *
     * @return the cap
     */
    public int getMaxSteps() {
        return maxSteps;
    }

    /**
     * Returns the weights a fresh run starts from instead of a random initialisation (a teacher's for
     * the teacher; a student's, predictors included, for a distillation), {@code null} for none. A
     * resumed run continues from its checkpoint and ignores it.
     *
     * @return a safetensors path, or {@code null}
     */
    public String getInit() {
        return init;
    }

    public String getTeacher() {
        return teacher;
    }

    public double getRho() {
        return rho;
    }

    public double getRhoMin() {
        return rhoMin;
    }

    public double getRhoMax() {
        return rhoMax;
    }

    /**
     * Returns how long the distillation backbone stays at learning rate 0 (the official 5 of 30
     * epochs, scaled to shorter runs; fractional values are fine).
     *
     * @return epochs
     */
    public double getBackboneFrozenEpochs() {
        return backboneFrozenEpochs;
    }

    public double getRatioWeight() {
        return ratioWeight;
    }

    public double getDistillWeight() {
        return distillWeight;
    }

    public String getOutput() {
        return output;
    }

    public int getCheckpointEvery() {
        return checkpointEvery;
    }

    public int getLogEvery() {
        return logEvery;
    }

    public boolean isProgressBar() {
        return progressBar;
    }

    @Override
    public String toString() {
        return toJson().toString();
    }

    /** Builds a {@link TrainingConfig}; every value has a default (the shipped model's recipe). */
    public static final class Builder {
        private int imageSize = 64;
        private int patchSize = 8;
        private int embedDim = 96;
        private int depth = 12;
        private int heads = 3;
        private int[] pruneAt = {3, 6, 9};
        private int trainFrames = 60_000;
        private int framesPerClip = 1;
        private int evalFrames = 2_000;
        private long dataSeed = 1;
        private long testSeed = 2;
        private boolean flip = true;
        private boolean freshClipsEachEpoch = true;
        private double cameraShare;
        private String cameraSizes = "640x480,1280x720";
        private String cameraResize = "fit";
        private int epochs = 10;
        private int batchSize = 128;
        private double lr = 1e-3;
        private double minLr = 1e-5;
        private double warmupEpochs = 1;
        private double weightDecay = 0.05;
        private double labelSmoothing = 0.1;
        private double maxGradNorm = 1.0;
        private double maxTensorGradNorm;
        private double emaDecay;
        private int seed = 42;
        private int maxSteps;
        private String init;
        private String teacher;
        private double rho = 0.7;
        private double rhoMin = 0.7;
        private double rhoMax = 0.7;
        private double backboneFrozenEpochs = 0.5;
        private double ratioWeight = 2.0;
        private double distillWeight = 0.5;
        private String output = "runs/teacher";
        private int checkpointEvery = 100;
        private int logEvery = 20;
        private boolean progressBar = true;

        Builder() {}

        public Builder optModel(int embedDim, int depth, int heads, int... pruneAt) {
            this.embedDim = embedDim;
            this.depth = depth;
            this.heads = heads;
            this.pruneAt = pruneAt.clone();
            return this;
        }

        public Builder optTrainFrames(int trainFrames) {
            this.trainFrames = trainFrames;
            return this;
        }

        public Builder optFramesPerClip(int framesPerClip) {
            this.framesPerClip = framesPerClip;
            return this;
        }

        public Builder optEvalFrames(int evalFrames) {
            this.evalFrames = evalFrames;
            return this;
        }

        public Builder optDataSeed(long dataSeed) {
            this.dataSeed = dataSeed;
            return this;
        }

        public Builder optFreshClipsEachEpoch(boolean fresh) {
            this.freshClipsEachEpoch = fresh;
            return this;
        }

        public Builder optFlip(boolean flip) {
            this.flip = flip;
            return this;
        }

        /**
         * Renders a share of the training clips at camera sizes, through the app's resizer.
         *
         * @param share in [0, 1] (default 0: model-size clips only)
         * @return this builder
         */
        public Builder optCameraShare(double share) {
            this.cameraShare = share;
            return this;
        }

        /**
         * Sets the camera sizes of the camera-size clips.
         *
         * @param sizes comma-separated {@code WIDTHxHEIGHT} (default 640x480,1280x720)
         * @return this builder
         */
        public Builder optCameraSizes(String sizes) {
            this.cameraSizes = sizes;
            return this;
        }

        /**
         * Sets how the camera-size clips are scaled to the input.
         *
         * @param resize comma-separated policies: fit, crop, stretch (default fit, the app's default)
         * @return this builder
         */
        public Builder optCameraResize(String resize) {
            this.cameraResize = resize;
            return this;
        }

        /**
         * Starts a fresh run from weights instead of a random initialisation.
         *
         * @param init a safetensors file, or {@code null}
         * @return this builder
         */
        public Builder optInit(String init) {
            this.init = init;
            return this;
        }

        public Builder optLabelSmoothing(double labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optLr(double lr) {
            this.lr = lr;
            return this;
        }

        public Builder optMinLr(double minLr) {
            this.minLr = minLr;
            return this;
        }

        public Builder optWarmupEpochs(double warmupEpochs) {
            this.warmupEpochs = warmupEpochs;
            return this;
        }

        public Builder optMaxGradNorm(double maxGradNorm) {
            this.maxGradNorm = maxGradNorm;
            return this;
        }

        public Builder optEmaDecay(double emaDecay) {
            this.emaDecay = emaDecay;
            return this;
        }

        public Builder optSeed(int seed) {
            this.seed = seed;
            return this;
        }

        public Builder optMaxSteps(int maxSteps) {
            this.maxSteps = maxSteps;
            return this;
        }

        public Builder optTeacher(String teacher) {
            this.teacher = teacher;
            return this;
        }

        /**
         * Trains at one fixed keep ratio.
         *
         * @param rho ρ in (0, 1]
         * @return this builder
         */
        public Builder optRho(double rho) {
            this.rho = rho;
            this.rhoMin = rho;
            this.rhoMax = rho;
            return this;
        }

        /**
         * Samples ρ uniformly per batch from a range (ρ-robust training); {@link TrainingConfig#getRho}
         * stays the ratio reported as the target.
         *
         * @param rhoMin the smallest ratio
         * @param rhoMax the largest ratio
         * @return this builder
         */
        public Builder optRhoRange(double rhoMin, double rhoMax) {
            this.rhoMin = rhoMin;
            this.rhoMax = rhoMax;
            return this;
        }

        public Builder optBackboneFrozenEpochs(double epochs) {
            this.backboneFrozenEpochs = epochs;
            return this;
        }

        public Builder optOutput(String output) {
            this.output = output;
            return this;
        }

        public Builder optCheckpointEvery(int steps) {
            this.checkpointEvery = steps;
            return this;
        }

        public Builder optLogEvery(int steps) {
            this.logEvery = steps;
            return this;
        }

        public Builder optProgressBar(boolean progressBar) {
            this.progressBar = progressBar;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first invalid value
         */
        public TrainingConfig build() {
            require(imageSize > 0 && patchSize > 0 && imageSize % patchSize == 0, "imageSize must be a multiple of patchSize");
            require(embedDim > 0 && heads > 0 && embedDim % heads == 0, "embedDim must be a multiple of heads");
            require(depth > 0, "depth must be positive");
            for (int i = 0; i < pruneAt.length; i++) {
                require(pruneAt[i] > 0 && pruneAt[i] < depth && (i == 0 || pruneAt[i] > pruneAt[i - 1]),
                        "pruneAt must be increasing blocks in (0, depth): " + Arrays.toString(pruneAt));
            }
            require(trainFrames >= batchSize, "trainFrames must be at least batchSize");
            require(framesPerClip > 0, "framesPerClip must be positive");
            require(evalFrames >= 0, "evalFrames must not be negative");
            require(cameraShare >= 0 && cameraShare <= 1, "cameraShare must be in [0, 1]");
            List<ResizePolicy> policies;
            try {
                CameraSize.parseList(cameraSizes);
                policies = policies(cameraResize);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("Invalid training configuration: cameraSizes/cameraResize: "
                        + e.getMessage(), e);
            }
            require(!policies.contains(ResizePolicy.EXACT), "cameraResize must be fit, crop or stretch");
            require(init == null || !init.isBlank(), "init must name a weights file");
            require(epochs > 0 && batchSize > 0, "epochs and batchSize must be positive");
            require(lr > 0 && minLr >= 0 && minLr <= lr, "need 0 <= minLr <= lr, lr > 0");
            require(warmupEpochs >= 0 && warmupEpochs < epochs, "warmupEpochs must be in [0, epochs)");
            require(weightDecay >= 0, "weightDecay must not be negative");
            require(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing must be in [0, 1)");
            require(maxGradNorm >= 0, "maxGradNorm must not be negative (0: no clipping)");
            require(emaDecay >= 0 && emaDecay < 1, "emaDecay must be in [0, 1) (0: no average)");
            require(maxTensorGradNorm >= 0, "maxTensorGradNorm must not be negative (0: no clipping)");
            require(maxSteps >= 0, "maxSteps must not be negative");
            require(rho > 0 && rho <= 1, "rho must be in (0, 1]");
            require(rhoMin > 0 && rhoMin <= rhoMax && rhoMax <= 1, "need 0 < rhoMin <= rhoMax <= 1");
            require(backboneFrozenEpochs >= 0, "backboneFrozenEpochs must not be negative");
            require(ratioWeight >= 0 && distillWeight >= 0, "loss weights must not be negative");
            require(output != null && !output.isBlank(), "output is required");
            require(checkpointEvery > 0 && logEvery > 0, "checkpointEvery and logEvery must be positive");
            return new TrainingConfig(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException("Invalid training configuration: " + message);
            }
        }
    }
}
