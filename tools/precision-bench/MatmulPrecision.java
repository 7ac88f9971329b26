import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

import io.glimpse.model.precision.Bf16Cast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GFLOP/s of one linear layer (x Wᵀ + b) in float32, bf16 (through Glimpse's Bf16Cast), bf16 with the
 * per-call input cast and output cast back, and float16, on DeiT-S shapes; settings alternated in one
 * process, median of 5 rounds. Usage: see README.md beside this file.
 */
public class MatmulPrecision {
    public static void main(String[] args) {
        int[][] shapes = {{1576, 384, 1152}, {1576, 384, 1536}, {1576, 1536, 384}, {197, 384, 1152}, {197, 1536, 384}, {2048, 2048, 2048}};
        String[] names = {"fp32", "bf16", "bf16+casts", "fp16"};
        try (Bf16Cast cast = Bf16Cast.load(); NDManager m = NDManager.newBaseManager()) {
            System.out.printf("%-18s %10s %10s %12s %10s   (GFLOP/s, median of 5)%n", "M,K,N", names[0], names[1], names[2], names[3]);
            for (int[] s : shapes) {
                NDArray x = m.randomNormal(new Shape(s[0], s[1]));
                NDArray w = m.randomNormal(new Shape(s[2], s[1]));
                NDArray b = m.zeros(new Shape(s[2]));
                NDArray xb = cast.toBf16(x), wb = cast.toBf16(w), bb = cast.toBf16(b);
                NDArray xh = x.toType(DataType.FLOAT16, false), wh = w.toType(DataType.FLOAT16, false), bh = b.toType(DataType.FLOAT16, false);
                Map<String, List<Double>> rates = new LinkedHashMap<>();
                double flop = 2.0 * s[0] * s[1] * s[2];
                int reps = Math.max(1, (int) (2e9 / flop));
                for (int round = -1; round < 5; round++) {
                    for (String n : names) {
                        long start = System.nanoTime();
                        for (int i = 0; i < reps; i++) {
                            try (NDManager scope = m.newSubManager()) {
                                NDArray y = switch (n) {
                                    case "fp32" -> Linear.linear(x, w, b).singletonOrThrow();
                                    case "bf16" -> Linear.linear(xb, wb, bb).singletonOrThrow();
                                    case "bf16+casts" -> Linear.linear(cast.toBf16(x), wb, bb).singletonOrThrow().toType(DataType.FLOAT32, false);
                                    default -> Linear.linear(xh, wh, bh).singletonOrThrow();
                                };
                                y.attach(scope);
                                y.get(0).toType(DataType.FLOAT32, false).getFloat(0);
                            }
                        }
                        double seconds = (System.nanoTime() - start) / 1e9 / reps;
                        if (round >= 0) {
                            rates.computeIfAbsent(n, k -> new ArrayList<>()).add(flop / seconds / 1e9);
                        }
                    }
                }
                StringBuilder line = new StringBuilder(String.format("%-18s", Arrays.toString(s)));
                for (String n : names) {
                    List<Double> r = rates.get(n);
                    Collections.sort(r);
                    line.append(String.format(" %10.1f", r.get(r.size() / 2)));
                }
                System.out.println(line);
            }
        }
    }
}
