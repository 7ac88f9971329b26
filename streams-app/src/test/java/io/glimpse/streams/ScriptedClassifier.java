package io.glimpse.streams;

import io.glimpse.streams.frames.DecodedFrame;
import io.glimpse.streams.inference.FrameClassification;
import io.glimpse.streams.inference.FrameClassifier;
import io.glimpse.streams.inference.ModelInput;

import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic stand-in for the model in topology specs (batching, ordering and routing do not
 * depend on what the model computes): class = frame sequence mod 3, kept patches = the first ids.
 * It records every batch it receives and can be told to fail: on every batch, or on every batch that
 * holds one poisoned frame.
 */
final class ScriptedClassifier implements FrameClassifier {

    final List<List<DecodedFrame>> batches = new ArrayList<>();
    RuntimeException failure;
    long poisoned = -1;

    @Override
    public synchronized List<FrameClassification> classify(List<DecodedFrame> frames, double keepRatio) {
        batches.add(List.copyOf(frames));
        if (failure != null) {
            throw failure;
        }
        if (frames.stream().anyMatch(f -> f.getSequence() == poisoned)) {
            throw new IllegalArgumentException("frame " + poisoned + " is poison");
        }
        List<FrameClassification> out = new ArrayList<>();
        for (DecodedFrame f : frames) {
            float[] p = new float[3];
            p[(int) (f.getSequence() % 3)] = 0.9f;
            p[(int) ((f.getSequence() + 1) % 3)] = 0.1f;
            out.add(new FrameClassification(p, List.of(new int[] {3, 1, 2}, new int[] {3}), keepRatio, "scripted-1", 50, frames.size()));
        }
        return out;
    }

    List<Integer> batchSizes() {
        List<Integer> sizes = new ArrayList<>();
        batches.forEach(b -> sizes.add(b.size()));
        return sizes;
    }

    @Override
    public ModelInput input() {
        return new ModelInput(4, 4, 2);
    }

    @Override
    public List<String> labels() {
        return List.of("zero", "one", "two");
    }
}
