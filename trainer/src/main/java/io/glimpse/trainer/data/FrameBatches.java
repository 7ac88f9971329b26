package io.glimpse.trainer.data;

import io.glimpse.clips.BoundingBox;
import io.glimpse.clips.Clip;
import io.glimpse.clips.ClipSource;
import io.glimpse.clips.ClipSpec;
import io.glimpse.clips.Frame;
import io.glimpse.clips.Rng;
import io.glimpse.model.ImageNormalization;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The first N frames of a generator's clips, in order, as training batches: frame k is frame
 * {@code k % framesPerClip} of clip {@code firstClip + k / framesPerClip}.
 *
 * <p>Frames are made on the fly, so a data set costs no memory and any number of distinct ones
 * come from distinct seeds. With flipping on, about half of the frames are mirrored left to right,
 * chosen anew for every epoch but the same for the same epoch and seed. Clips of a batch can be
 * rendered on several threads. Iterators are independent; each is for one consumer thread.
 */
public final class FrameBatches implements Iterable<FrameBatch> {

    private final ClipSource generator;
    private final int frameCount;
    private final int batchSize;
    private final long firstClip;
    private final boolean flip;
    private final long flipSeed;
    private final boolean dropLast;
    private final int threads;
    private final ForkJoinPool pool;

    private FrameBatches(Builder b) {
        generator = b.generator;
        frameCount = b.frameCount;
        batchSize = b.batchSize;
        firstClip = b.firstClip;
        flip = b.flip;
        flipSeed = b.flipSeed != null ? b.flipSeed : generator.getSpec().getSeed();
        dropLast = b.dropLast;
        threads = b.threads;
        pool = threads > 1 ? new ForkJoinPool(threads) : null;
    }

    /**
     * Returns a new builder.
     *
     * @return a builder without flipping, keeping the last partial batch
     */
    public static Builder builder() {
        return new Builder();
    }

    public ClipSource getGenerator() {
        return generator;
    }

    public int getFrameCount() {
        return frameCount;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public int getThreads() {
        return threads;
    }

    /**
     * Returns how many batches an epoch has.
     *
     * @return the number of full batches, plus one partial batch unless dropped
     */
    public int getBatchCount() {
        int full = frameCount / batchSize;
        return dropLast || frameCount % batchSize == 0 ? full : full + 1;
    }

    /**
     * Iterates over the batches of epoch 0.
     *
     * @return a new iterator
     */
    @Override
    public Iterator<FrameBatch> iterator() {
        return iterator(0);
    }

    /**
     * Iterates over the batches of an epoch; only flips differ between epochs.
     *
     * @param epoch the epoch
     * @return a new iterator
     */
    public Iterator<FrameBatch> iterator(int epoch) {
        return new BatchIterator(Rng.derive(flipSeed, epoch));
    }

    /**
     * Tells whether a frame is mirrored in an epoch.
     *
     * @param epoch the epoch
     * @param frame the frame's position k in [0, frameCount)
     * @return whether the frame is flipped left to right
     */
    public boolean isFlipped(int epoch, int frame) {
        return flip && isFlipped(Rng.derive(flipSeed, epoch), frame);
    }

    private static boolean isFlipped(long epochSeed, int frame) {
        return Rng.mix(epochSeed + frame) < 0;
    }

    private final class BatchIterator implements Iterator<FrameBatch> {
        private final long epochSeed;
        private final int end = dropLast ? frameCount / batchSize * batchSize : frameCount;
        private int next;
        /** The last clip of the previous batch, which the next batch usually continues. */
        private Clip lastClip;

        BatchIterator(long epochSeed) {
            this.epochSeed = epochSeed;
        }

        @Override
        public boolean hasNext() {
            return next < end;
        }

        @Override
        public FrameBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ClipSpec spec = generator.getSpec();
            int width = spec.getCanvasWidth();
            int height = spec.getCanvasHeight();
            int framesPerClip = spec.getFramesPerClip();
            int start = next;
            int size = Math.min(batchSize, end - start);
            int frameSize = Frame.CHANNELS * width * height;
            float[] data = new float[size * frameSize];
            int[] labels = new int[size];
            BoundingBox[] boxes = new BoundingBox[size];
            int firstOffset = start / framesPerClip;
            int clipCount = (start + size - 1) / framesPerClip - firstOffset + 1;
            Clip cached = lastClip;
            Clip[] last = new Clip[1];
            IntConsumer renderClip = c -> {
                long clipId = firstClip + firstOffset + c;
                Clip clip = cached != null && cached.getClipId() == clipId ? cached : generator.clip(clipId);
                int from = Math.max(start, (firstOffset + c) * framesPerClip);
                int to = Math.min(start + size, (firstOffset + c + 1) * framesPerClip);
                for (int k = from; k < to; k++) {
                    Frame frame = clip.getFrames().get(k % framesPerClip);
                    boolean flipped = flip && isFlipped(epochSeed, k);
                    int i = k - start;
                    ImageNormalization.toChw(frame.getPixels(), width, height, flipped, data, i * frameSize);
                    labels[i] = frame.getLabel();
                    boxes[i] = flipped ? frame.getItemBox().mirrored(width) : frame.getItemBox();
                }
                if (c == clipCount - 1) {
                    last[0] = clip;
                }
            };
            if (pool == null || clipCount == 1) {
                IntStream.range(0, clipCount).forEach(renderClip);
            } else {
                pool.submit(() -> IntStream.range(0, clipCount).parallel().forEach(renderClip)).join();
            }
            lastClip = last[0];
            next = start + size;
            return new FrameBatch(data, labels, Arrays.asList(boxes), height, width);
        }
    }

    /** Builds {@link FrameBatches}; {@code set} values are required, {@code opt} ones not. */
    public static final class Builder {
        private ClipSource generator;
        private int frameCount;
        private int batchSize;
        private long firstClip;
        private boolean flip;
        private Long flipSeed;
        private boolean dropLast;
        private int threads = 1;

        Builder() {}

        /**
         * Sets where the clips come from: model-size, camera-size, or a mix.
         *
         * @param generator the clips
         * @return this builder
         */
        public Builder setGenerator(ClipSource generator) {
            this.generator = generator;
            return this;
        }

        /**
         * Sets how many frames an epoch has.
         *
         * @param frameCount N, at least 1
         * @return this builder
         */
        public Builder setFrameCount(int frameCount) {
            this.frameCount = frameCount;
            return this;
        }

        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Starts at a later clip (default 0), to take disjoint runs of clips of one seed.
         *
         * @param firstClip the first clip id, at least 0
         * @return this builder
         */
        public Builder optFirstClip(long firstClip) {
            this.firstClip = firstClip;
            return this;
        }

        /**
         * Mirrors about half of the frames left to right (default off).
         *
         * @param flip whether to flip
         * @return this builder
         */
        public Builder optFlip(boolean flip) {
            this.flip = flip;
            return this;
        }

        /**
         * Sets the seed choosing which frames are flipped (default: the clips' seed).
         *
         * @param seed any value
         * @return this builder
         */
        public Builder optFlipSeed(long seed) {
            flipSeed = seed;
            return this;
        }

        /**
         * Leaves out the last batch when it is smaller than the others (default: keep it).
         *
         * @param dropLast whether to drop it
         * @return this builder
         */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * Renders the clips of a batch on several threads (default 1); the batches are the same
         * whatever the number. The threads are daemons that retire when idle.
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Validates and builds the batches.
         *
         * @return the batches
         * @throws IllegalArgumentException if a value is missing or invalid
         */
        public FrameBatches build() {
            Objects.requireNonNull(generator, "The generator is required");
            if (frameCount < 1) {
                throw new IllegalArgumentException("Frame count must be positive, got " + frameCount);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("Batch size must be positive, got " + batchSize);
            }
            if (firstClip < 0) {
                throw new IllegalArgumentException("First clip must not be negative, got " + firstClip);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("Threads must be positive, got " + threads);
            }
            if (dropLast && frameCount < batchSize) {
                throw new IllegalArgumentException("Dropping the last partial batch of " + frameCount
                        + " frames in batches of " + batchSize + " leaves nothing");
            }
            return new FrameBatches(this);
        }
    }
}
