package io.glimpse.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * The token selection of DynamicViT inference, as pure functions of arrays.
 *
 * <p>Shapes: scores (B, N), keep indices (B, K), tokens (B, N, E).
 *
 * <p>Order is part of the contract: kept tokens come out in descending score, not in spatial order,
 * exactly as the official {@code argsort(descending=True)[:, :K]}. PyTorch leaves the order of equal
 * scores to its sort implementation; here equal scores keep their current order, so ties (which
 * trained predictors produce: confident log-probabilities saturate at 0.0) resolve the same way on
 * every engine, device and thread count. The ranking runs on the host: B·N floats per stage.
 */
public final class TokenSelection {

    private TokenSelection() {}

    /**
     * Ranks one row: the indices of its K highest values, highest first; equal values keep index
     * order; NaN ranks above every number (as in PyTorch's descending sort); -0.0 equals 0.0.
     *
     * @param scores the row
     * @param k the number to keep, in [1, N]
     * @return K indices
     */
    public static long[] rank(float[] scores, int k) {
        int n = scores.length;
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("Cannot keep " + k + " of " + n + " tokens");
        }
        long[] keys = new long[n];
        for (int j = 0; j < n; j++) {
            // Descending score in the high word, ascending index in the low word.
            keys[j] = ((long) ~sortableBits(scores[j]) << 32) | j;
        }
        Arrays.sort(keys);
        long[] indices = new long[k];
        for (int j = 0; j < k; j++) {
            indices[j] = keys[j] & 0xffffffffL;
        }
        return indices;
    }

    /** Maps a float to an int whose signed order is the float order (NaN above +inf). */
    private static int sortableBits(float value) {
        int bits = Float.floatToIntBits(value == 0f ? 0f : value);
        return bits < 0 ? bits ^ 0x7fffffff : bits;
    }

    /**
     * Gathers rows of a token sequence per batch element.
     *
     * @param tokens (B, N, E)
     * @param indices (B, K) int64
     * @return (B, K, E) with row j of batch b equal to {@code tokens[b, indices[b, j]]}
     */
    public static NDArray gather(NDArray tokens, NDArray indices) {
        Shape s = tokens.getShape();
        long k = indices.getShape().get(1);
        NDArray expanded = indices.expandDims(2).broadcast(s.get(0), k, s.get(2));
        return tokens.gather(expanded, 1);
    }

    /**
     * Ranks the keep column of a predictor's output, row by row.
     *
     * @param logProbs (B, N, 2) predictor log-probabilities, column 0 = keep
     * @param k the number to keep
     * @return (B·K) indices into the current sequence, row-major
     */
    static long[] rankKeepColumn(NDArray logProbs, int k) {
        Shape s = logProbs.getShape();
        int b = Math.toIntExact(s.get(0));
        int n = Math.toIntExact(s.get(1));
        float[] values = logProbs.toFloatArray();
        long[] keep = new long[b * k];
        float[] row = new float[n];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < n; j++) {
                row[j] = values[(i * n + j) * 2];
            }
            System.arraycopy(rank(row, k), 0, keep, i * k, k);
        }
        return keep;
    }

    /** Original patch ids of an unpruned sequence, per batch row: 0..N-1. */
    static long[] identity(int b, int n) {
        long[] ids = new long[b * n];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % n;
        }
        return ids;
    }

    /** Maps kept indices back to original patch ids: {@code orig_s = orig_{s-1}[keep_s]}, per row. */
    static long[] compose(long[] original, long[] keep, int b, int k) {
        int n = original.length / b;
        long[] ids = new long[b * k];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < k; j++) {
                ids[i * k + j] = original[i * n + (int) keep[i * k + j]];
            }
        }
        return ids;
    }

    /** Gather indices of the next sequence: cls (0) first, then the kept patch tokens shifted by one. */
    static long[] withCls(long[] keep, int b, int k) {
        long[] full = new long[b * (k + 1)];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < k; j++) {
                full[i * (k + 1) + j + 1] = keep[i * k + j] + 1;
            }
        }
        return full;
    }
}
