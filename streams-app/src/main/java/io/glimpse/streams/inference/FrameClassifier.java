package io.glimpse.streams.inference;

import io.glimpse.streams.frames.DecodedFrame;

import java.util.List;

/**
 * Classifies one batch of frames at a keep ratio chosen for that batch. This is the edge between
 * the stream topology and the model: the topology only ever sees this interface, so a worker pool,
 * a GPU or a hot-swapped model can sit behind it.
 */
public interface FrameClassifier {

    /**
     * Classifies a batch. May be called from several threads at once.
     *
     * @param frames the batch, at most the configured maximum size
     * @param keepRatio ρ for this batch, in (0, 1]
     * @return one classification per frame, in order
     */
    List<FrameClassification> classify(List<DecodedFrame> frames, double keepRatio);

    /**
     * Describes the input: frames are decoded to its size, kept-token maps refer to its patch grid.
     *
     * @return the input size and patch grid
     */
    ModelInput input();

    /**
     * Returns the class names, by class index.
     *
     * @return the labels
     */
    List<String> labels();
}
