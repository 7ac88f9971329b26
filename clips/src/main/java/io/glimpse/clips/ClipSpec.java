package io.glimpse.clips;

import java.util.Objects;

/**
 * What the clips of a {@link VideoClipGenerator} look like, immutable once built.
 *
 * <p>An item moves in a straight line at a constant speed, bounces off the canvas edges and
 * slowly grows or shrinks, over a cluttered background (sensor noise and low-contrast fragments of
 * other items of the same split) tinted per clip; some clips have a bar in front that partly
 * hides the item when it passes. Speeds and scale changes are given per second, so the motion
 * looks the same whatever the frame rate. The seed, together with the split and the clip index,
 * fixes every byte of every frame.
 */
public final class ClipSpec {

    private final int canvasWidth;
    private final int canvasHeight;
    private final int framesPerClip;
    private final double framesPerSecond;
    private final double minSpeed;
    private final double maxSpeed;
    private final double minScale;
    private final double maxScale;
    private final double scaleRate;
    private final double clutter;
    private final double occlusionProbability;
    private final double tint;
    private final long seed;

    private ClipSpec(Builder b) {
        canvasWidth = b.canvasWidth;
        canvasHeight = b.canvasHeight;
        framesPerClip = b.framesPerClip;
        framesPerSecond = b.framesPerSecond;
        minSpeed = b.minSpeed;
        maxSpeed = b.maxSpeed;
        minScale = b.minScale;
        maxScale = b.maxScale;
        scaleRate = b.scaleRate;
        clutter = b.clutter;
        occlusionProbability = b.occlusionProbability;
        tint = b.tint;
        seed = b.seed;
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with the defaults of a 64×64 canvas, 16 frames at 10 frames per second
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this specification's values, to derive a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .optCanvasSize(canvasWidth, canvasHeight)
                .optFramesPerClip(framesPerClip)
                .optFramesPerSecond(framesPerSecond)
                .optSpeedRange(minSpeed, maxSpeed)
                .optScaleRange(minScale, maxScale)
                .optScaleRate(scaleRate)
                .optClutter(clutter)
                .optOcclusionProbability(occlusionProbability)
                .optTint(tint)
                .optSeed(seed);
    }

    public int getCanvasWidth() {
        return canvasWidth;
    }

    public int getCanvasHeight() {
        return canvasHeight;
    }

    public int getFramesPerClip() {
        return framesPerClip;
    }

    public double getFramesPerSecond() {
        return framesPerSecond;
    }

    /**
     * Returns the lowest item speed.
     *
     * @return canvas sizes (the shorter side) per second
     */
    public double getMinSpeed() {
        return minSpeed;
    }

    /**
     * Returns the highest item speed.
     *
     * @return canvas sizes (the shorter side) per second
     */
    public double getMaxSpeed() {
        return maxSpeed;
    }

    /**
     * Returns the smallest item scale.
     *
     * @return the smallest side of an item, in pixels, divided by 28
     */
    public double getMinScale() {
        return minScale;
    }

    /**
     * Returns the largest item scale.
     *
     * @return the largest side of an item, in pixels, divided by 28
     */
    public double getMaxScale() {
        return maxScale;
    }

    /**
     * Returns how fast an item may grow or shrink.
     *
     * @return the largest |d ln(scale) / dt|, per second
     */
    public double getScaleRate() {
        return scaleRate;
    }

    /**
     * Returns how cluttered the background is.
     *
     * @return 0 for a clean gradient, 1 for the most noise and fragments
     */
    public double getClutter() {
        return clutter;
    }

    public double getOcclusionProbability() {
        return occlusionProbability;
    }

    /**
     * Returns the strength of the per-clip colour tint.
     *
     * @return each channel is multiplied by a factor drawn from [1 - tint, 1 + tint]
     */
    public double getTint() {
        return tint;
    }

    public long getSeed() {
        return seed;
    }

    /**
     * Returns the number of patches of a square patch grid over the canvas.
     *
     * @param patchSize the patch side, in pixels, dividing both canvas sides
     * @return for example 64 for a 64×64 canvas and 8-pixel patches
     */
    public int getPatchCount(int patchSize) {
        if (patchSize < 1 || canvasWidth % patchSize != 0 || canvasHeight % patchSize != 0) {
            throw new IllegalArgumentException(
                    "Patch size " + patchSize + " does not divide the canvas " + canvasWidth + "x" + canvasHeight);
        }
        return (canvasWidth / patchSize) * (canvasHeight / patchSize);
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ClipSpec)) {
            return false;
        }
        ClipSpec s = (ClipSpec) o;
        return canvasWidth == s.canvasWidth
                && canvasHeight == s.canvasHeight
                && framesPerClip == s.framesPerClip
                && Double.compare(framesPerSecond, s.framesPerSecond) == 0
                && Double.compare(minSpeed, s.minSpeed) == 0
                && Double.compare(maxSpeed, s.maxSpeed) == 0
                && Double.compare(minScale, s.minScale) == 0
                && Double.compare(maxScale, s.maxScale) == 0
                && Double.compare(scaleRate, s.scaleRate) == 0
                && Double.compare(clutter, s.clutter) == 0
                && Double.compare(occlusionProbability, s.occlusionProbability) == 0
                && Double.compare(tint, s.tint) == 0
                && seed == s.seed;
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return Objects.hash(canvasWidth, canvasHeight, framesPerClip, framesPerSecond, minSpeed, maxSpeed, minScale,
                maxScale, scaleRate, clutter, occlusionProbability, tint, seed);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "ClipSpec[canvas=" + canvasWidth + "x" + canvasHeight + ", frames=" + framesPerClip + " at "
                + framesPerSecond + " fps, speed=" + minSpeed + ".." + maxSpeed + "/s, scale=" + minScale + ".."
                + maxScale + " (rate " + scaleRate + "/s), clutter=" + clutter + ", occlusion="
                + occlusionProbability + ", tint=" + tint + ", seed=" + seed + "]";
    }

    /** Builds a {@link ClipSpec}; every value has a default, so all are {@code opt}. */
    public static final class Builder {
        private int canvasWidth = 64;
        private int canvasHeight = 64;
        private int framesPerClip = 16;
        private double framesPerSecond = 10;
        private double minSpeed = 0.2;
        private double maxSpeed = 0.6;
        private double minScale = 0.75;
        private double maxScale = 1.25;
        private double scaleRate = 0.15;
        private double clutter = 0.5;
        private double occlusionProbability = 0.25;
        private double tint = 0.15;
        private long seed;

        Builder() {}

        /**
         * Sets a square canvas (default 64: with 8-pixel patches, 64 patches).
         *
         * @param size the side, in pixels
         * @return this builder
         */
        public Builder optCanvasSize(int size) {
            return optCanvasSize(size, size);
        }

        public Builder optCanvasSize(int width, int height) {
            canvasWidth = width;
            canvasHeight = height;
            return this;
        }

        /**
         * Sets the frames of each clip (default 16).
         *
         * @param frames at least 1
         * @return this builder
         */
        public Builder optFramesPerClip(int frames) {
            framesPerClip = frames;
            return this;
        }

        /**
         * Sets the frame rate (default 10), which only decides how far apart frames are in time.
         *
         * @param fps frames per second, positive
         * @return this builder
         */
        public Builder optFramesPerSecond(double fps) {
            framesPerSecond = fps;
            return this;
        }

        /**
         * Sets the range item speeds are drawn from (default 0.2 to 0.6).
         *
         * @param min the lowest speed, in canvas sizes (the shorter side) per second, at least 0
         * @param max the highest speed, at least {@code min}
         * @return this builder
         */
        public Builder optSpeedRange(double min, double max) {
            minSpeed = min;
            maxSpeed = max;
            return this;
        }

        /**
         * Sets the range of item scales (default 0.75 to 1.25, so 21 to 35 pixels on a side).
         *
         * @param min the smallest scale, positive
         * @param max the largest scale, at least {@code min}; 29 × max must fit in the canvas
         * @return this builder
         */
        public Builder optScaleRange(double min, double max) {
            minScale = min;
            maxScale = max;
            return this;
        }

        /**
         * Sets how fast items may grow or shrink (default 0.15, about 15% per second).
         *
         * @param rate the largest |d ln(scale) / dt|, per second, at least 0
         * @return this builder
         */
        public Builder optScaleRate(double rate) {
            scaleRate = rate;
            return this;
        }

        /**
         * Sets how cluttered the background is (default 0.5).
         *
         * @param clutter 0 for a clean gradient, up to 1 for the most noise and fragments
         * @return this builder
         */
        public Builder optClutter(double clutter) {
            this.clutter = clutter;
            return this;
        }

        /**
         * Sets the probability that a clip has a bar in front of the scene (default 0.25).
         *
         * @param probability in [0, 1]
         * @return this builder
         */
        public Builder optOcclusionProbability(double probability) {
            occlusionProbability = probability;
            return this;
        }

        /**
         * Sets the strength of the per-clip colour tint (default 0.15).
         *
         * @param tint in [0, 1): each channel is multiplied by a factor from [1 - tint, 1 + tint]
         * @return this builder
         */
        public Builder optTint(double tint) {
            this.tint = tint;
            return this;
        }

        /**
         * Sets the seed (default 0); distinct seeds give distinct data sets.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Validates and builds the specification.
         *
         * @return the specification
         * @throws IllegalArgumentException if a value or a combination is invalid
         */
        public ClipSpec build() {
            if (canvasWidth < 1 || canvasHeight < 1) {
                throw new IllegalArgumentException(
                        "Canvas size must be positive, got " + canvasWidth + "x" + canvasHeight);
            }
            if (framesPerClip < 1) {
                throw new IllegalArgumentException("Frames per clip must be positive, got " + framesPerClip);
            }
            if (!(framesPerSecond > 0) || Double.isInfinite(framesPerSecond)) {
                throw new IllegalArgumentException("Frames per second must be positive, got " + framesPerSecond);
            }
            range("speed", minSpeed, maxSpeed, 0, Double.MAX_VALUE);
            range("scale", minScale, maxScale, Double.MIN_VALUE, Double.MAX_VALUE);
            // An item and its anti-aliased edge span up to 29 source pixels.
            double side = maxScale * (FashionMnist.IMAGE_SIZE + 1);
            if (side > Math.min(canvasWidth, canvasHeight)) {
                throw new IllegalArgumentException(String.format(
                        "Largest scale %s makes items up to %.1f pixels wide, too large for the %dx%d canvas",
                        maxScale, side, canvasWidth, canvasHeight));
            }
            range("scale rate", scaleRate, scaleRate, 0, Double.MAX_VALUE);
            range("clutter", clutter, clutter, 0, 1);
            range("occlusion probability", occlusionProbability, occlusionProbability, 0, 1);
            if (!(tint >= 0 && tint < 1)) {
                throw new IllegalArgumentException("Tint must be in [0, 1), got " + tint);
            }
            return new ClipSpec(this);
        }

        private static void range(String what, double min, double max, double lowest, double highest) {
            if (!(min >= lowest && max <= highest && min <= max)) {
                throw new IllegalArgumentException(String.format(
                        "%s range [%s, %s] must be ordered and within [%s, %s]", what, min, max, lowest, highest));
            }
        }
    }
}
