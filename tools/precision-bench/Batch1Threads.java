import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch-1 latency of DeiT-S (dense, ρ 0.7, ρ 0.5) with 1 and 2 intra-op threads switched in one
 * process (JniUtils.setNumThreads), round by round; and of a same-depth model 8× narrower on a
 * 64-pixel image (16 patches), whose time is almost all fixed per-operator cost. Argument: rounds.
 */
public class Batch1Threads {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        DynamicVitConfig small = DynamicVitConfig.preset("deit-s");
        DynamicVitConfig narrow = small.toBuilder().setEmbeddingSize(48).setImageSize(64).build();
        String[] settings = {"deit-s dense", "deit-s 0.7", "deit-s 0.5", "narrow dense", "narrow 0.7"};
        try (DynamicVit s = DynamicVit.initialize(small, 0); DynamicVit n = DynamicVit.initialize(narrow, 0);
                NDManager m = NDManager.newBaseManager()) {
            s.getBlock().freezeParameters(true);
            n.getBlock().freezeParameters(true);
            NDArray xs = m.randomNormal(new Shape(1, 3, 224, 224));
            NDArray xn = m.randomNormal(new Shape(1, 3, 64, 64));
            Map<String, List<Double>> ms = new LinkedHashMap<>();
            for (int round = -1; round < rounds; round++) {
                for (int threads : new int[] {1, 2}) {
                    JniUtils.setNumThreads(threads);
                    for (String setting : settings) {
                        boolean isNarrow = setting.startsWith("narrow");
                        DynamicVit model = isNarrow ? n : s;
                        NDArray x = isNarrow ? xn : xs;
                        Double rho = setting.endsWith("dense") ? null : Double.valueOf(setting.substring(setting.indexOf(' ') + 1));
                        int reps = isNarrow ? 40 : 8;
                        long start = System.nanoTime();
                        for (int i = 0; i < reps; i++) {
                            try (NDManager scope = m.newSubManager()) {
                                NDArray in = x.duplicate();
                                in.attach(scope);
                                (rho == null ? model.inferDense(in) : model.infer(in, rho)).getLogits().toFloatArray();
                            }
                        }
                        if (round >= 0) {
                            ms.computeIfAbsent(threads + " thread(s)  " + setting, k -> new ArrayList<>())
                                    .add((System.nanoTime() - start) / 1e6 / reps);
                        }
                    }
                }
            }
            for (Map.Entry<String, List<Double>> e : ms.entrySet()) {
                List<Double> v = e.getValue();
                Collections.sort(v);
                System.out.printf("%-26s median %7.1f ms  (min %.1f, max %.1f, %d rounds)%n",
                        e.getKey(), v.get(v.size() / 2), v.get(0), v.get(v.size() - 1), v.size());
            }
        }
    }
}
