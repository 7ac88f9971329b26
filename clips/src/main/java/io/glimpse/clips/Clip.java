package io.glimpse.clips;

import java.util.List;

/**
 * A short video of one Fashion-MNIST item moving over a cluttered background, as made by {@link
 * VideoClipGenerator}; immutable. Besides the frames it records where its content came from, so
 * that what a clip shows can be traced back to its split.
 */
public final class Clip {

    private final Split split;
    private final long clipId;
    private final int itemIndex;
    private final int[] fragmentItemIndices;
    private final boolean occluded;
    private final List<Frame> frames;

    Clip(Split split, long clipId, int itemIndex, int[] fragmentItemIndices, boolean occluded, List<Frame> frames) {
        this.split = split;
        this.clipId = clipId;
        this.itemIndex = itemIndex;
        this.fragmentItemIndices = fragmentItemIndices.clone();
        this.occluded = occluded;
        this.frames = List.copyOf(frames);
    }

    /**
     * Returns the split that every item of the clip, clutter included, comes from.
     *
     * @return the split
     */
    public Split getSplit() {
        return split;
    }

    /**
     * Returns the clip's index in its generator.
     *
     * @return the index passed to {@link VideoClipGenerator#clip(long)}
     */
    public long getClipId() {
        return clipId;
    }

    /**
     * Returns the moving item.
     *
     * @return its index in the split
     */
    public int getItemIndex() {
        return itemIndex;
    }

    /**
     * Returns the items the background fragments were cut from.
     *
     * @return indices in the split, one per fragment
     */
    public int[] getFragmentItemIndices() {
        return fragmentItemIndices.clone();
    }

    /**
     * Tells whether a bar stands in front of the scene, hiding part of the item when it passes.
     *
     * @return whether the clip has an occluder
     */
    public boolean isOccluded() {
        return occluded;
    }

    /**
     * Returns the item's class, the label of every frame.
     *
     * @return in [0, 10)
     */
    public int getLabel() {
        return frames.get(0).getLabel();
    }

    /**
     * Returns the frames in order.
     *
     * @return an unmodifiable list
     */
    public List<Frame> getFrames() {
        return frames;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "Clip[" + split + " " + clipId + ", " + FashionMnist.className(getLabel()) + " (item " + itemIndex
                + "), " + frames.size() + " frames" + (occluded ? ", occluded" : "") + "]";
    }
}
