package io.glimpse.trainer.data;

import io.glimpse.clips.BoundingBox;
import io.glimpse.clips.Frame;

import java.util.List;

/**
 * A training batch: normalised frames ({@code [size, 3, height, width]}, see {@link
 * io.glimpse.model.ImageNormalization}) with their labels and item boxes (mirrored with the frame when it was flipped).
 *
 * <p>The arrays are handed over, not copied: each batch is freshly allocated and owned by its
 * caller, so a trainer can wrap them in tensors without another copy of a few megabytes.
 */
public final class FrameBatch {

    private final float[] data;
    private final int[] labels;
    private final List<BoundingBox> itemBoxes;
    private final int height;
    private final int width;

    FrameBatch(float[] data, int[] labels, List<BoundingBox> itemBoxes, int height, int width) {
        this.data = data;
        this.labels = labels;
        this.itemBoxes = List.copyOf(itemBoxes);
        this.height = height;
        this.width = width;
    }

    /**
     * Returns the number of frames.
     *
     * @return the batch size (the last batch may be smaller)
     */
    public int size() {
        return labels.length;
    }

    /**
     * Returns the shape of {@link #getData()}.
     *
     * @return {@code [size, 3, height, width]}
     */
    public long[] getShape() {
        return new long[] {labels.length, Frame.CHANNELS, height, width};
    }

    /**
     * Returns the normalised frames, not copied.
     *
     * @return size × 3 × height × width floats, frame by frame, each channels first
     */
    public float[] getData() {
        return data;
    }

    /**
     * Returns the labels, not copied.
     *
     * @return one class in [0, 10) per frame
     */
    public int[] getLabels() {
        return labels;
    }

    /**
     * Returns where the item is on each frame, as the frame appears in {@link #getData()}.
     *
     * @return one box per frame
     */
    public List<BoundingBox> getItemBoxes() {
        return itemBoxes;
    }
}
