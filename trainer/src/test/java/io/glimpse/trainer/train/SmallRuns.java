package io.glimpse.trainer.train;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.glimpse.clips.FashionMnist;
import io.glimpse.clips.Split;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny training runs for the specs: a 2-block, width-32 model on a few hundred frames of the real
 * Fashion-MNIST items (skipped, saying why, where the Debian package is missing; CI installs it).
 */
final class SmallRuns {

    private static FashionMnist train;
    private static FashionMnist test;

    private SmallRuns() {}

    static synchronized TrainingData data(TrainingConfig config) {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY),
                "Fashion-MNIST is not installed: apt-get install " + FashionMnist.DEBIAN_PACKAGE);
        if (train == null) {
            train = FashionMnist.builder().setSplit(Split.TRAIN).optLimit(2000).build();
            test = FashionMnist.builder().setSplit(Split.TEST).optLimit(500).build();
        }
        return new TrainingData(config, train, test);
    }

    /** A tiny teacher recipe that replays the same 256 frames (64 clips of 4), so the loss must fall. */
    static TrainingConfig.Builder tiny(Path output) {
        return TrainingConfig.builder()
                .optModel(32, 2, 2, 1)
                .optTrainFrames(256)
                .optBatchSize(32)
                .optEpochs(4)
                .optWarmupEpochs(0.25)
                .optLr(3e-3)
                .optEvalFrames(64)
                .optLogEvery(8)
                .optCheckpointEvery(8)
                .optProgressBar(false)
                .optFreshClipsEachEpoch(false)
                .optFramesPerClip(4)
                .optOutput(output.toString());
    }
}
