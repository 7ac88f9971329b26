package io.glimpse.clips;

import java.util.List;
import java.util.Objects;

/**
 * Clips from a model-size source and, for a share of the clip ids, from camera-size sources: clip
 * {@code i} comes from one source chosen by a hash of the seed and {@code i}, so the mix is the same
 * for the same seed whatever the order of reading, and each id is made by exactly one source.
 */
public final class MixedClips implements ClipSource {

    /** Salt of the choice, apart from every stream a generator draws from the same seed. */
    private static final long CHOICE = 0x63616d657261L;

    private final ClipSource base;
    private final List<ClipSource> cameras;
    private final double cameraShare;
    private final long choiceSeed;

    /**
     * Creates a mix.
     *
     * @param base the model-size clips
     * @param cameras the camera-size clips, same frame size and clip length as {@code base}; picked
     *     evenly
     * @param cameraShare the share of clips from {@code cameras}, in [0, 1]
     */
    public MixedClips(ClipSource base, List<? extends ClipSource> cameras, double cameraShare) {
        this.base = Objects.requireNonNull(base, "base");
        this.cameras = List.copyOf(cameras);
        if (!(cameraShare >= 0 && cameraShare <= 1)) {
            throw new IllegalArgumentException("Camera share must be in [0, 1], got " + cameraShare);
        }
        if (cameraShare > 0 && this.cameras.isEmpty()) {
            throw new IllegalArgumentException("A camera share of " + cameraShare + " needs at least one camera source");
        }
        ClipSpec spec = base.getSpec();
        for (ClipSource c : this.cameras) {
            ClipSpec other = c.getSpec();
            if (other.getCanvasWidth() != spec.getCanvasWidth() || other.getCanvasHeight() != spec.getCanvasHeight()
                    || other.getFramesPerClip() != spec.getFramesPerClip()) {
                throw new IllegalArgumentException(c + " makes " + other.getFramesPerClip() + " frames of "
                        + other.getCanvasWidth() + "x" + other.getCanvasHeight() + ", the base "
                        + spec.getFramesPerClip() + " of " + spec.getCanvasWidth() + "x" + spec.getCanvasHeight());
            }
        }
        this.cameraShare = cameraShare;
        choiceSeed = Rng.derive(base.getSpec().getSeed(), CHOICE);
    }

    /**
     * Returns the source of a clip.
     *
     * @param clipId the clip's index
     * @return the base or one of the camera sources
     */
    public ClipSource sourceOf(long clipId) {
        long hash = Rng.mix(choiceSeed + clipId);
        if ((hash >>> 11) * 0x1.0p-53 >= cameraShare) {
            return base;
        }
        return cameras.get((int) Math.floorMod(Rng.mix(hash), (long) cameras.size()));
    }

    @Override
    public Clip clip(long clipId) {
        return sourceOf(clipId).clip(clipId);
    }

    public double getCameraShare() {
        return cameraShare;
    }

    @Override
    public ClipSpec getSpec() {
        return base.getSpec();
    }

    @Override
    public String toString() {
        return cameraShare == 0 ? base.toString() : base + " mixed with " + cameras + " for " + cameraShare + " of the clips";
    }
}
