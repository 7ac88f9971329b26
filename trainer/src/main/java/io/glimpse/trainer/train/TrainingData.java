package io.glimpse.trainer.train;

import io.glimpse.clips.ClipSpec;
import io.glimpse.clips.FashionMnist;
import io.glimpse.clips.Split;
import io.glimpse.clips.VideoClipGenerator;
import io.glimpse.trainer.data.FrameBatches;

/**
 * The frames a run trains and evaluates on: short clips of the training split, new ones every
 * epoch (with random flips), and the first frames of the test split's standard 16-frame clips.
 * Training and test clips use different seeds and different Fashion-MNIST splits.
 */
public final class TrainingData {

    private final TrainingConfig config;
    private final VideoClipGenerator train;
    private final VideoClipGenerator test;

    /**
     * Creates the generators.
     *
     * @param config the run
     * @param trainItems the training split
     * @param testItems the test split
     */
    public TrainingData(TrainingConfig config, FashionMnist trainItems, FashionMnist testItems) {
        this.config = config;
        train = new VideoClipGenerator(trainItems, ClipSpec.builder()
                .optCanvasSize(config.getImageSize())
                .optFramesPerClip(config.getFramesPerClip())
                .optSeed(config.getDataSeed())
                .build());
        test = testGenerator(testItems, config.getImageSize(), config.getTestSeed());
    }

    /**
     * Loads both splits from the default location.
     *
     * @param config the run
     * @return the data
     */
    public static TrainingData load(TrainingConfig config) {
        return new TrainingData(config, FashionMnist.load(Split.TRAIN), FashionMnist.load(Split.TEST));
    }

    /**
     * Returns the generator of test clips every evaluation uses (standard clip spec).
     *
     * @param testItems the test split
     * @param imageSize the canvas side
     * @param seed the test seed
     * @return the generator
     */
    public static VideoClipGenerator testGenerator(FashionMnist testItems, int imageSize, long seed) {
        return new VideoClipGenerator(testItems, ClipSpec.builder().optCanvasSize(imageSize).optSeed(seed).build());
    }

    /**
     * Returns an epoch's batches (full batches only).
     *
     * @param epoch the epoch
     * @return the batches; iterate them with {@code iterator(epoch)} for that epoch's flips
     */
    public FrameBatches epoch(int epoch) {
        long clipsPerEpoch = (config.getTrainFrames() + config.getFramesPerClip() - 1) / config.getFramesPerClip();
        return FrameBatches.builder()
                .setGenerator(train)
                .setFrameCount(config.getTrainFrames())
                .setBatchSize(config.getBatchSize())
                .optFirstClip(config.isFreshClipsEachEpoch() ? epoch * clipsPerEpoch : 0)
                .optFlip(config.isFlip())
                .optDropLast(true)
                .build();
    }

    /**
     * Returns the first test frames, for the end-of-epoch evaluation.
     *
     * @param frames how many
     * @param batchSize frames per batch
     * @return the batches, unflipped
     */
    public FrameBatches test(int frames, int batchSize) {
        return FrameBatches.builder().setGenerator(test).setFrameCount(frames).setBatchSize(batchSize).build();
    }

    public int batchesPerEpoch() {
        return config.getTrainFrames() / config.getBatchSize();
    }
}
