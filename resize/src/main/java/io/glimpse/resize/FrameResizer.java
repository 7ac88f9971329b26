package io.glimpse.resize;

/**
 * Scales RGB frames to the model's input with a proper filter: each output pixel averages the exact
 * area of the source it covers when shrinking (a 1280×720 frame to 64×64 averages 20×11 source
 * pixels per output pixel, with no aliasing), and interpolates bilinearly when enlarging. Separable:
 * one pass per axis, weights computed once per frame size.
 */
public final class FrameResizer {

    private final int inputWidth;
    private final int inputHeight;
    private final ResizePolicy policy;

    /**
     * Creates a resizer.
     *
     * @param inputWidth the model's input width, in pixels
     * @param inputHeight the model's input height, in pixels
     * @param policy how to treat another aspect ratio; not {@link ResizePolicy#EXACT}
     */
    public FrameResizer(int inputWidth, int inputHeight, ResizePolicy policy) {
        if (policy == ResizePolicy.EXACT) {
            throw new IllegalArgumentException("An exact-size policy does not resize");
        }
        if (inputWidth < 1 || inputHeight < 1) {
            throw new IllegalArgumentException("Input size must be positive, got " + inputWidth + "x" + inputHeight);
        }
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.policy = policy;
    }

    public int getInputWidth() {
        return inputWidth;
    }

    public int getInputHeight() {
        return inputHeight;
    }

    public ResizePolicy getPolicy() {
        return policy;
    }

    /**
     * Plans where a frame goes in the input.
     *
     * @param width the frame's width
     * @param height the frame's height
     * @return the mapping
     */
    public InputMapping plan(int width, int height) {
        int tw = inputWidth;
        int th = inputHeight;
        if (width == tw && height == th) {
            return InputMapping.identity(width, height);
        }
        switch (policy) {
            case STRETCH:
                return new InputMapping(width, height, 0, 0, width, height, 0, 0, tw, th);
            case CROP: {
                double scale = Math.max((double) tw / width, (double) th / height);
                double sw = tw / scale;
                double sh = th / scale;
                return new InputMapping(width, height, (width - sw) / 2, (height - sh) / 2, sw, sh, 0, 0, tw, th);
            }
            case FIT:
            default: {
                double scale = Math.min((double) tw / width, (double) th / height);
                int iw = Math.max(1, Math.min(tw, (int) Math.round(width * scale)));
                int ih = Math.max(1, Math.min(th, (int) Math.round(height * scale)));
                return new InputMapping(width, height, 0, 0, width, height, (tw - iw) / 2, (th - ih) / 2, iw, ih);
            }
        }
    }

    /**
     * Scales a frame onto the input as planned; padding is black.
     *
     * @param rgb the frame, row-major RGB
     * @param mapping the plan for its size
     * @return the input, {@code inputWidth × inputHeight × 3} bytes
     */
    public byte[] resize(byte[] rgb, InputMapping mapping) {
        int w = mapping.frameWidth();
        int h = mapping.frameHeight();
        int tw = inputWidth;
        int th = inputHeight;
        if (mapping.isIdentity()) {
            return rgb;
        }
        Taps columns = Taps.of(w, mapping.sourceX(), mapping.sourceWidth(), mapping.inputWidth());
        Taps rows = Taps.of(h, mapping.sourceY(), mapping.sourceHeight(), mapping.inputHeight());
        // Horizontal pass over the source rows the vertical taps need: h × inputWidth × 3.
        float[] horizontal = new float[h * mapping.inputWidth() * 3];
        for (int y = rows.first; y <= rows.last; y++) {
            int src = y * w * 3;
            int dst = y * mapping.inputWidth() * 3;
            for (int x = 0; x < mapping.inputWidth(); x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = columns.start[x]; k < columns.start[x + 1]; k++) {
                    int p = src + columns.index[k] * 3;
                    float weight = columns.weight[k];
                    r += weight * (rgb[p] & 0xff);
                    g += weight * (rgb[p + 1] & 0xff);
                    b += weight * (rgb[p + 2] & 0xff);
                }
                horizontal[dst + 3 * x] = r;
                horizontal[dst + 3 * x + 1] = g;
                horizontal[dst + 3 * x + 2] = b;
            }
        }
        byte[] out = new byte[tw * th * 3];
        for (int y = 0; y < mapping.inputHeight(); y++) {
            int dst = ((mapping.inputY() + y) * tw + mapping.inputX()) * 3;
            for (int x = 0; x < mapping.inputWidth(); x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = rows.start[y]; k < rows.start[y + 1]; k++) {
                    int p = (rows.index[k] * mapping.inputWidth() + x) * 3;
                    float weight = rows.weight[k];
                    r += weight * horizontal[p];
                    g += weight * horizontal[p + 1];
                    b += weight * horizontal[p + 2];
                }
                out[dst + 3 * x] = clamp(r);
                out[dst + 3 * x + 1] = clamp(g);
                out[dst + 3 * x + 2] = clamp(b);
            }
        }
        return out;
    }

    private static byte clamp(float v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** For each output index along one axis, the source indices and weights that make it; weights sum to 1. */
    static final class Taps {
        final int[] start;
        final int[] index;
        final float[] weight;
        final int first;
        final int last;

        private Taps(int[] start, int[] index, float[] weight) {
            this.start = start;
            this.index = index;
            this.weight = weight;
            int lo = Integer.MAX_VALUE;
            int hi = -1;
            for (int i : index) {
                lo = Math.min(lo, i);
                hi = Math.max(hi, i);
            }
            this.first = lo;
            this.last = hi;
        }

        /**
         * Computes the taps that map {@code [offset, offset + length)} of a source axis of {@code size}
         * pixels onto {@code out} pixels: area coverage when shrinking, two bilinear taps when enlarging.
         */
        static Taps of(int size, double offset, double length, int out) {
            double step = length / out;
            int[] start = new int[out + 1];
            java.util.List<Integer> indices = new java.util.ArrayList<>();
            java.util.List<Float> weights = new java.util.ArrayList<>();
            for (int i = 0; i < out; i++) {
                start[i] = indices.size();
                if (step >= 1) {
                    double a = offset + i * step;
                    double b = a + step;
                    for (int s = (int) Math.floor(a); s < Math.ceil(b); s++) {
                        double covered = Math.min(b, s + 1) - Math.max(a, s);
                        if (covered > 1e-9) {
                            indices.add(Math.max(0, Math.min(size - 1, s)));
                            weights.add((float) (covered / step));
                        }
                    }
                } else {
                    double centre = offset + (i + 0.5) * step - 0.5;
                    int s = (int) Math.floor(centre);
                    double t = centre - s;
                    indices.add(Math.max(0, Math.min(size - 1, s)));
                    weights.add((float) (1 - t));
                    indices.add(Math.max(0, Math.min(size - 1, s + 1)));
                    weights.add((float) t);
                }
            }
            start[out] = indices.size();
            int[] index = indices.stream().mapToInt(Integer::intValue).toArray();
            float[] weight = new float[weights.size()];
            for (int k = 0; k < weight.length; k++) {
                weight[k] = weights.get(k);
            }
            return new Taps(start, index, weight);
        }
    }
}
