package io.glimpse.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
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
     * Returns the indices of the K highest scores per row, highest first, ties in index order.
     *
     * @param scores (B, N) keep scores, float32
     * @param k the number to keep, in [1, N]
     * @return (B, K) int64 indices into the current sequence, on the scores' manager and device
     */
    public static NDArray topIndices(NDArray scores, int k) {
        Shape s = scores.getShape();
        int b = Math.toIntExact(s.get(0));
        int n = Math.toIntExact(s.get(1));
        float[] values = scores.toType(DataType.FLOAT32, false).toFloatArray();
        long[] kept = new long[b * k];
        float[] row = new float[n];
        for (int i = 0; i < b; i++) {
            System.arraycopy(values, i * n, row, 0, n);
            System.arraycopy(rank(row, k), 0, kept, i * k, k);
        }
        return scores.getManager().create(kept, new Shape(b, k)).toDevice(scores.getDevice(), false);
    }

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
     * Maps indices into the current sequence back to original patch ids: {@code orig_s =
     * orig_{s-1}[keep_s]}.
     *
     * @param originalIds (B, N) original ids of the current sequence
     * @param keep (B, K) indices into the current sequence
     * @return (B, K) original ids of the kept tokens, in kept order
     */
    public static NDArray compose(NDArray originalIds, NDArray keep) {
        return originalIds.gather(keep, 1);
    }
}
