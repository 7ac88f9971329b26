package io.glimpse.clips;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes video clips of one Fashion-MNIST split: an item moving, bouncing and slowly changing size
 * over a cluttered background, as a {@link ClipSpec} describes.
 *
 * <p>Most of the canvas is background, so a DynamicViT that learns to drop background patches
 * keeps the item's; each frame's {@link Frame#getItemBox() item box} says where the item is. Clip
 * {@code i} depends only on the spec (seed included), the split's contents and {@code i}: the same
 * inputs give identical bytes on any JVM, and clips can be made in any order or in parallel (the
 * generator is stateless and thread-safe). Every item drawn, clutter fragments included, comes
 * from the one split the generator was given.
 *
 * <p>Each aspect of a clip (item, motion, background, occluder, noise) has its own random stream,
 * so changing one setting, say the occlusion probability, leaves the others as they were.
 */
public final class VideoClipGenerator implements ClipSource {

    private static final int N = FashionMnist.IMAGE_SIZE;
    private static final int PADDED = N + 2;
    private static final int MAX_FRAGMENTS = 8;
    private static final int FRAGMENT_FADE = 4;
    private static final double INK_ALPHA_GAIN = 1.0 / 48;
    private static final double NOISE_AMPLITUDE = 16;
    /** Keeps the item's ink strictly inside the canvas despite rounding. */
    private static final double EDGE_MARGIN = 0.01;

    private static final long ITEM = 0;
    private static final long MOTION = 1;
    private static final long BACKGROUND = 2;
    private static final long FRAGMENTS = 3;
    private static final long OCCLUDER = 4;
    private static final long NOISE = 5;

    private final FashionMnist items;
    private final ClipSpec spec;
    private final long splitSeed;
    private final float[] noiseTable;

    /**
     * Creates a generator.
     *
     * @param items the split every item comes from
     * @param spec what the clips look like
     */
    public VideoClipGenerator(FashionMnist items, ClipSpec spec) {
        this.items = Objects.requireNonNull(items, "items");
        this.spec = Objects.requireNonNull(spec, "spec");
        splitSeed = Rng.derive(spec.getSeed(), items.getSplit().ordinal());
        noiseTable = noiseTable(spec.getClutter() * NOISE_AMPLITUDE);
    }

    public FashionMnist getItems() {
        return items;
    }

    @Override
    public ClipSpec getSpec() {
        return spec;
    }

    @Override
    public String toString() {
        return "clips " + spec.getCanvasWidth() + "x" + spec.getCanvasHeight();
    }

    /**
     * Makes one clip.
     *
     * @param clipId the clip's index, at least 0; distinct indices give distinct clips
     * @return the clip, {@link ClipSpec#getFramesPerClip()} frames long
     */
    @Override
    public Clip clip(long clipId) {
        if (clipId < 0) {
            throw new IllegalArgumentException("Clip id must not be negative, got " + clipId);
        }
        return new ClipRenderer(clipId).render();
    }

    /** The state of one clip being made. */
    private final class ClipRenderer {
        private final long clipId;
        private final long clipSeed;
        private final int width = spec.getCanvasWidth();
        private final int height = spec.getCanvasHeight();
        private final byte[] pixels = items.pixels();

        /** The item, padded with a zero border, mirrored or not; ink extents within the 28×28. */
        private final double[] item = new double[PADDED * PADDED];
        private int itemIndex;
        private int inkLeft;
        private int inkRight;
        private int inkTop;
        private int inkBottom;
        private final double[] itemColour = new double[3];

        private final float[] background = new float[width * height * 3];
        private final double[] tint = new double[3];
        private int[] fragmentItems;

        private boolean occluded;
        private int barX0;
        private int barY0;
        private int barX1;
        private int barY1;
        private final float[] barColour = new float[3];

        ClipRenderer(long clipId) {
            this.clipId = clipId;
            clipSeed = Rng.derive(splitSeed, clipId);
        }

        private Rng stream(long aspect) {
            return new Rng(Rng.derive(clipSeed, aspect));
        }

        Clip render() {
            chooseItem(stream(ITEM));
            paintBackground(stream(BACKGROUND));
            paintFragments(stream(FRAGMENTS));
            placeOccluder(stream(OCCLUDER));
            return new Clip(items.getSplit(), clipId, itemIndex, fragmentItems, occluded, renderFrames());
        }

        private void chooseItem(Rng rng) {
            itemIndex = rng.nextInt(items.size());
            boolean mirrored = rng.chance(0.5);
            inkLeft = N;
            inkRight = -1;
            inkTop = N;
            inkBottom = -1;
            int base = itemIndex * FashionMnist.IMAGE_PIXELS;
            for (int r = 0; r < N; r++) {
                for (int c = 0; c < N; c++) {
                    int p = pixels[base + r * N + (mirrored ? N - 1 - c : c)] & 0xff;
                    item[(r + 1) * PADDED + c + 1] = p;
                    if (p > 0) {
                        inkLeft = Math.min(inkLeft, c);
                        inkRight = Math.max(inkRight, c);
                        inkTop = Math.min(inkTop, r);
                        inkBottom = Math.max(inkBottom, r);
                    }
                }
            }
            if (inkRight < 0) { // a blank image: nothing to see, but it still needs room to move
                inkLeft = 0;
                inkRight = N - 1;
                inkTop = 0;
                inkBottom = N - 1;
            }
            double brightness = rng.uniform(0.75, 1.0);
            for (int ch = 0; ch < 3; ch++) {
                itemColour[ch] = 255 * brightness * rng.uniform(0.8, 1.0);
            }
        }

        /** A tinted colour gradient, different for every clip. */
        private void paintBackground(Rng rng) {
            double level = rng.uniform(10, 120);
            double angle = rng.uniform(0, 2 * Math.PI);
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double[] base = new double[3];
            double[] slope = new double[3];
            for (int ch = 0; ch < 3; ch++) {
                base[ch] = level + rng.uniform(-25, 25);
                slope[ch] = rng.uniform(-30, 30);
                tint[ch] = rng.uniform(1 - spec.getTint(), 1 + spec.getTint());
            }
            int i = 0;
            for (int y = 0; y < height; y++) {
                double fy = ((y + 0.5) / height - 0.5) * sin;
                for (int x = 0; x < width; x++) {
                    double t = ((x + 0.5) / width - 0.5) * cos + fy;
                    for (int ch = 0; ch < 3; ch++) {
                        background[i++] = (float) (base[ch] + slope[ch] * t);
                    }
                }
            }
        }

        /** Faint pieces of other items of the same split, fixed in place like a busy backdrop. */
        private void paintFragments(Rng rng) {
            int count = (int) Math.round(spec.getClutter() * MAX_FRAGMENTS);
            fragmentItems = new int[count];
            for (int f = 0; f < count; f++) {
                int j = rng.nextInt(items.size());
                if (j == itemIndex && items.size() > 1) {
                    j = (j + 1) % items.size();
                }
                fragmentItems[f] = j;
                int cropWidth = 8 + rng.nextInt(13);
                int cropHeight = 8 + rng.nextInt(13);
                int cropX = rng.nextInt(N - cropWidth + 1);
                int cropY = rng.nextInt(N - cropHeight + 1);
                int atX = rng.nextInt(width + cropWidth) - cropWidth / 2;
                int atY = rng.nextInt(height + cropHeight) - cropHeight / 2;
                double contrast = rng.uniform(0.15, 0.4);
                double grey = rng.uniform(40, 200);
                float[] colour = new float[3];
                for (int ch = 0; ch < 3; ch++) {
                    colour[ch] = (float) (grey + rng.uniform(-20, 20));
                }
                int base = j * FashionMnist.IMAGE_PIXELS;
                for (int r = 0; r < cropHeight; r++) {
                    int y = atY + r;
                    if (y < 0 || y >= height) {
                        continue;
                    }
                    for (int c = 0; c < cropWidth; c++) {
                        int x = atX + c;
                        if (x < 0 || x >= width) {
                            continue;
                        }
                        int p = pixels[base + (cropY + r) * N + cropX + c] & 0xff;
                        if (p == 0) {
                            continue;
                        }
                        // Fade out over the crop's outer pixels, so fragments have no straight cut edges.
                        int edge = Math.min(Math.min(r, cropHeight - 1 - r), Math.min(c, cropWidth - 1 - c));
                        double fade = Math.min(1, (edge + 1) / (double) FRAGMENT_FADE);
                        float a = (float) (p / 255.0 * contrast * fade);
                        int o = (y * width + x) * 3;
                        for (int ch = 0; ch < 3; ch++) {
                            background[o + ch] += (colour[ch] - background[o + ch]) * a;
                        }
                    }
                }
            }
        }

        /**
         * A bar across the canvas in front of the item. It is at most about half as thick as the
         * item's ink is narrow, so it never hides the whole item.
         */
        private void placeOccluder(Rng rng) {
            occluded = rng.chance(spec.getOcclusionProbability());
            if (!occluded) {
                return;
            }
            boolean vertical = rng.chance(0.5);
            double narrowest = Math.min(inkRight - inkLeft + 1, inkBottom - inkTop + 1) * spec.getMinScale();
            int thickness = Math.max(2, (int) Math.round(narrowest * rng.uniform(0.3, 0.5)));
            if (vertical) {
                barX0 = rng.nextInt(Math.max(1, width - thickness + 1));
                barX1 = Math.min(width, barX0 + thickness);
                barY0 = 0;
                barY1 = height;
            } else {
                barY0 = rng.nextInt(Math.max(1, height - thickness + 1));
                barY1 = Math.min(height, barY0 + thickness);
                barX0 = 0;
                barX1 = width;
            }
            double grey = rng.uniform(20, 160);
            for (int ch = 0; ch < 3; ch++) {
                barColour[ch] = (float) (grey + rng.uniform(-20, 20));
            }
        }

        private List<Frame> renderFrames() {
            Rng motion = stream(MOTION);
            Rng noise = stream(NOISE);
            double fps = spec.getFramesPerSecond();
            double scale0 = motion.uniform(spec.getMinScale(), spec.getMaxScale());
            double growth = motion.uniform(-spec.getScaleRate(), spec.getScaleRate());
            double speed = motion.uniform(spec.getMinSpeed(), spec.getMaxSpeed()) * Math.min(width, height);
            double heading = motion.uniform(0, 2 * Math.PI);
            double vx = speed * Math.cos(heading);
            double vy = speed * Math.sin(heading);
            double cx = motion.uniform(minX(scale0), maxX(scale0));
            double cy = motion.uniform(minY(scale0), maxY(scale0));

            int label = items.getLabel(itemIndex);
            float[] work = new float[background.length];
            List<Frame> frames = new ArrayList<>(spec.getFramesPerClip());
            for (int f = 0; f < spec.getFramesPerClip(); f++) {
                double scale = Math.min(spec.getMaxScale(),
                        Math.max(spec.getMinScale(), scale0 * Math.exp(growth * f / fps)));
                if (f > 0) {
                    cx += vx / fps;
                    cy += vy / fps;
                    double lo = minX(scale);
                    double hi = maxX(scale);
                    if (cx < lo) {
                        cx = 2 * lo - cx;
                        vx = Math.abs(vx);
                    } else if (cx > hi) {
                        cx = 2 * hi - cx;
                        vx = -Math.abs(vx);
                    }
                    cx = Math.min(hi, Math.max(lo, cx));
                    lo = minY(scale);
                    hi = maxY(scale);
                    if (cy < lo) {
                        cy = 2 * lo - cy;
                        vy = Math.abs(vy);
                    } else if (cy > hi) {
                        cy = 2 * hi - cy;
                        vy = -Math.abs(vy);
                    }
                    cy = Math.min(hi, Math.max(lo, cy));
                }
                System.arraycopy(background, 0, work, 0, work.length);
                BoundingBox box = drawItem(work, cx, cy, scale);
                if (occluded) {
                    drawBar(work);
                }
                frames.add(new Frame(width, height, quantise(work, noise), label, clipId, f, box, true));
            }
            return frames;
        }

        // Bounds of the item's centre that keep every pixel its ink touches on the canvas: with
        // bilinear sampling, source column c reaches destination pixel centres within
        // (cx + (c - 14.5) s, cx + (c - 12.5) s).
        private double minX(double s) {
            return (N / 2.0 + 0.5 - inkLeft) * s + EDGE_MARGIN;
        }

        private double maxX(double s) {
            return width - (inkRight - N / 2.0 + 1.5) * s - EDGE_MARGIN;
        }

        private double minY(double s) {
            return (N / 2.0 + 0.5 - inkTop) * s + EDGE_MARGIN;
        }

        private double maxY(double s) {
            return height - (inkBottom - N / 2.0 + 1.5) * s - EDGE_MARGIN;
        }

        /** Draws the item scaled about its centre, bilinearly; returns the pixels its ink touches. */
        private BoundingBox drawItem(float[] work, double cx, double cy, double s) {
            double left = cx - N / 2.0 * s;
            double top = cy - N / 2.0 * s;
            int u0 = (int) Math.floor(cx + (inkLeft - N / 2.0 - 0.5) * s - 0.5);
            int u1 = (int) Math.ceil(cx + (inkRight - N / 2.0 + 1.5) * s - 0.5);
            int v0 = (int) Math.floor(cy + (inkTop - N / 2.0 - 0.5) * s - 0.5);
            int v1 = (int) Math.ceil(cy + (inkBottom - N / 2.0 + 1.5) * s - 0.5);
            int columns = u1 - u0 + 1;
            int[] colIndex = new int[columns];
            double[] colWeight = new double[columns];
            for (int k = 0; k < columns; k++) {
                double fx = (u0 + k + 0.5 - left) / s - 0.5;
                if (fx <= -1 || fx >= N) {
                    colIndex[k] = -1;
                    continue;
                }
                int x0 = (int) Math.floor(fx);
                colIndex[k] = x0 + 1;
                colWeight[k] = fx - x0;
            }
            int minU = Integer.MAX_VALUE;
            int maxU = Integer.MIN_VALUE;
            int minV = Integer.MAX_VALUE;
            int maxV = Integer.MIN_VALUE;
            for (int v = v0; v <= v1; v++) {
                double fy = (v + 0.5 - top) / s - 0.5;
                if (fy <= -1 || fy >= N) {
                    continue;
                }
                int y0 = (int) Math.floor(fy);
                double wy = fy - y0;
                int row0 = (y0 + 1) * PADDED;
                int row1 = row0 + PADDED;
                boolean rowOnCanvas = v >= 0 && v < height;
                for (int k = 0; k < columns; k++) {
                    int xi = colIndex[k];
                    if (xi < 0) {
                        continue;
                    }
                    double wx = colWeight[k];
                    double p = (1 - wy) * (item[row0 + xi] * (1 - wx) + item[row0 + xi + 1] * wx)
                            + wy * (item[row1 + xi] * (1 - wx) + item[row1 + xi + 1] * wx);
                    if (p <= 0) {
                        continue;
                    }
                    int u = u0 + k;
                    minU = Math.min(minU, u);
                    maxU = Math.max(maxU, u);
                    minV = Math.min(minV, v);
                    maxV = Math.max(maxV, v);
                    if (!rowOnCanvas || u < 0 || u >= width) {
                        continue;
                    }
                    float a = (float) Math.min(1, p * INK_ALPHA_GAIN);
                    double shade = p / 255;
                    int o = (v * width + u) * 3;
                    for (int ch = 0; ch < 3; ch++) {
                        work[o + ch] += ((float) (itemColour[ch] * shade) - work[o + ch]) * a;
                    }
                }
            }
            if (maxU < minU) {
                return new BoundingBox(0, 0, 0, 0);
            }
            return new BoundingBox(minU, minV, maxU - minU + 1, maxV - minV + 1);
        }

        private void drawBar(float[] work) {
            for (int y = barY0; y < barY1; y++) {
                for (int x = barX0; x < barX1; x++) {
                    int o = (y * width + x) * 3;
                    work[o] = barColour[0];
                    work[o + 1] = barColour[1];
                    work[o + 2] = barColour[2];
                }
            }
        }

        /** Applies the tint and fresh sensor noise, and rounds to bytes. */
        private byte[] quantise(float[] work, Rng noise) {
            byte[] out = new byte[work.length];
            float[] table = noiseTable;
            float t0 = (float) tint[0];
            float t1 = (float) tint[1];
            float t2 = (float) tint[2];
            for (int i = 0; i < work.length; i += 6) { // two pixels: six 10-bit samples from one long
                long bits = noise.nextLong();
                out[i] = toByte(work[i] * t0 + table[(int) bits & 1023]);
                out[i + 1] = toByte(work[i + 1] * t1 + table[(int) (bits >>> 10) & 1023]);
                out[i + 2] = toByte(work[i + 2] * t2 + table[(int) (bits >>> 20) & 1023]);
                if (i + 3 < work.length) {
                    out[i + 3] = toByte(work[i + 3] * t0 + table[(int) (bits >>> 30) & 1023]);
                    out[i + 4] = toByte(work[i + 4] * t1 + table[(int) (bits >>> 40) & 1023]);
                    out[i + 5] = toByte(work[i + 5] * t2 + table[(int) (bits >>> 50) & 1023]);
                }
            }
            return out;
        }
    }

    /**
     * Sensor noise for every 10-bit random value: triangular in [-amplitude, amplitude], the
     * centred sum of two uniform 5-bit values.
     */
    private static float[] noiseTable(double amplitude) {
        float[] table = new float[1024];
        for (int bits = 0; bits < table.length; bits++) {
            table[bits] = (float) (((bits & 31) + (bits >>> 5) - 31) * amplitude / 31);
        }
        return table;
    }

    private static byte toByte(float value) {
        int v = (int) (value + 0.5f);
        return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
    }
}
