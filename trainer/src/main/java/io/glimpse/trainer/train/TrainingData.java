package io.glimpse.trainer.train;

import io.glimpse.clips.CameraClipGenerator;
import io.glimpse.clips.CameraSize;
import io.glimpse.clips.ClipSource;
import io.glimpse.clips.ClipSpec;
import io.glimpse.clips.FashionMnist;
import io.glimpse.clips.MixedClips;
import io.glimpse.clips.Split;
import io.glimpse.clips.VideoClipGenerator;
import io.glimpse.resize.ResizePolicy;
import io.glimpse.trainer.data.FrameBatches;

import java.util.ArrayList;
import java.util.List;

/**
 * The frames a run trains and evaluates on: short clips of the training split, new ones every
 * epoch (with random flips), and the first frames of the test split's standard 16-frame clips.
 * Training and test clips use different seeds and different Fashion-MNIST splits. With a camera
 * share, that share of the training clips is rendered at camera sizes and scaled to the input by the
 * serving app's resizer ({@link CameraClipGenerator}), the rest at the model's size.
 */
public final class TrainingData {

    private final TrainingConfig config;
    private final ClipSource train;
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
        ClipSpec spec = ClipSpec.builder()
                .optCanvasSize(config.getImageSize())
                .optFramesPerClip(config.getFramesPerClip())
                .optSeed(config.getDataSeed())
                .build();
        VideoClipGenerator base = new VideoClipGenerator(trainItems, spec);
        train = config.getCameraShare() == 0 ? base : new MixedClips(base,
                cameraGenerators(trainItems, spec, config.getCameraSizes(), config.getCameraResize()),
                config.getCameraShare());
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
     * Returns the camera-size generators of every size and policy, in that order.
     *
     * @param items the split
     * @param spec the model-size clips whose scene they show
     * @param sizes the camera sizes
     * @param policies how the app scales them
     * @return one generator per size and policy
     */
    public static List<CameraClipGenerator> cameraGenerators(FashionMnist items, ClipSpec spec, List<CameraSize> sizes,
            List<ResizePolicy> policies) {
        List<CameraClipGenerator> generators = new ArrayList<>();
        for (CameraSize size : sizes) {
            for (ResizePolicy policy : policies) {
                generators.add(new CameraClipGenerator(items, spec, size, policy));
            }
        }
        return generators;
    }

    /**
     * Returns the camera-size test clips: the standard test clips (same items and motion, clip by
     * clip), each at one of the camera sizes chosen by a hash of its id, scaled to the input by the
     * app's resizer.
     *
     * @param testItems the test split
     * @param imageSize the model's input side
     * @param seed the test seed
     * @param sizes the camera sizes
     * @param policy how the app scales them
     * @return the clips
     */
    public static ClipSource cameraTestClips(FashionMnist testItems, int imageSize, long seed, List<CameraSize> sizes,
            ResizePolicy policy) {
        VideoClipGenerator base = testGenerator(testItems, imageSize, seed);
        return new MixedClips(base, cameraGenerators(testItems, base.getSpec(), sizes, List.of(policy)), 1);
    }

    /**
     * Returns the training clips.
     *
     * @return model-size clips, or the mix with camera-size ones
     */
    public ClipSource trainClips() {
        return train;
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
