package io.glimpse.trainer.cli;

import io.glimpse.trainer.train.TrainingConfig;

import java.io.IOException;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The flags train-teacher and distill share; each one set overrides the configuration file. */
final class RunOptions {

    @Option(names = "--config", description = "JSON configuration (keys: TrainingConfig's field names)")
    Path config;

    @Option(names = "--output", description = "Output directory (weights, checkpoint, run.log)")
    String output;

    @Option(names = "--epochs", description = "Epochs")
    Integer epochs;

    @Option(names = "--train-frames", description = "Training frames per epoch")
    Integer trainFrames;

    @Option(names = "--batch-size", description = "Batch size")
    Integer batchSize;

    @Option(names = "--lr", description = "Peak learning rate")
    Double lr;

    @Option(names = "--ema-decay", description = "Keep an exponential moving average of the weights with this per-step decay and make it the run's result (0: none)")
    Double emaDecay;

    @Option(names = "--eval-frames", description = "Test frames evaluated after each epoch (0: none)")
    Integer evalFrames;

    @Option(names = "--max-steps", description = "Stop after this many steps (0: no limit)")
    Integer maxSteps;

    @Option(names = "--model", split = ",", description = "embedDim,depth,heads,pruneAt...; e.g. 96,12,3,3,6,9")
    int[] model;

    @Option(names = "--seed", description = "Random seed")
    Integer seed;

    @Option(names = "--resume", description = "Continue from the output directory's checkpoint")
    boolean resume;

    @Option(names = "--init", paramLabel = "WEIGHTS", description = "Start a fresh run from these weights (a teacher's"
            + " for train-teacher; a student's, predictors included, for distill) instead of initialising; a run"
            + " resumed with --resume continues from its checkpoint")
    String init;

    @Option(names = "--camera-share", description = "Share of training clips rendered at camera sizes and scaled to the"
            + " input by the app's resizer (0 to 1; default 0)")
    Double cameraShare;

    @Option(names = "--camera-sizes", paramLabel = "WxH,...", description = "Camera sizes of those clips (default"
            + " 640x480,1280x720)")
    String cameraSizes;

    @Option(names = "--camera-resize", paramLabel = "POLICY,...", description = "How the app scales them: fit, crop,"
            + " stretch (default fit, the app's default)")
    String cameraResize;

    @Option(names = "--no-progress", negatable = false, description = "Log lines instead of a progress bar")
    boolean noProgress;

    TrainingConfig.Builder builder() throws IOException {
        TrainingConfig.Builder b = config != null ? TrainingConfig.read(config) : TrainingConfig.builder();
        if (output != null) {
            b.optOutput(output);
        }
        if (epochs != null) {
            b.optEpochs(epochs);
        }
        if (trainFrames != null) {
            b.optTrainFrames(trainFrames);
        }
        if (batchSize != null) {
            b.optBatchSize(batchSize);
        }
        if (lr != null) {
            b.optLr(lr);
        }
        if (emaDecay != null) {
            b.optEmaDecay(emaDecay);
        }
        if (evalFrames != null) {
            b.optEvalFrames(evalFrames);
        }
        if (maxSteps != null) {
            b.optMaxSteps(maxSteps);
        }
        if (model != null) {
            if (model.length < 3) {
                throw new IllegalArgumentException("--model needs embedDim,depth,heads[,pruneAt...]");
            }
            b.optModel(model[0], model[1], model[2], java.util.Arrays.copyOfRange(model, 3, model.length));
        }
        if (init != null) {
            b.optInit(init);
        }
        if (cameraShare != null) {
            b.optCameraShare(cameraShare);
        }
        if (cameraSizes != null) {
            b.optCameraSizes(cameraSizes);
        }
        if (cameraResize != null) {
            b.optCameraResize(cameraResize);
        }
        if (seed != null) {
            b.optSeed(seed);
        }
        if (noProgress) {
            b.optProgressBar(false);
        }
        return b;
    }
}
