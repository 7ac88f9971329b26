package io.glimpse.clips;

/**
 * Where numbered clips come from: the model-size generator, a camera-size one, or a mix of them. Clip
 * {@code i} is a function of the source's settings and {@code i} alone, so sources can be read in
 * any order and from several threads.
 */
public interface ClipSource {

    /**
     * Makes one clip.
     *
     * @param clipId the clip's index, at least 0
     * @return the clip, {@link #getFramesPerClip()} frames of {@link #getFrameWidth()} × {@link
     *     #getFrameHeight()} pixels
     */
    Clip clip(long clipId);

    int getFrameWidth();

    int getFrameHeight();

    int getFramesPerClip();

    /**
     * Returns the seed the source's clips derive from.
     *
     * @return the seed of its clip spec
     */
    long getSeed();
}
