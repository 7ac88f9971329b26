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
     * @return the clip, frames as {@link #getSpec()} says
     */
    Clip clip(long clipId);

    /**
     * Returns what the clips' frames are: the canvas is the frames' size (the model's input), with
     * the clip length and the seed the clips derive from.
     *
     * @return the model-size clip spec
     */
    ClipSpec getSpec();
}
