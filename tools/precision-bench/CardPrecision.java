import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.glimpse.clips.FashionMnist;
import io.glimpse.clips.Split;
import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.InferenceOutput;
import io.glimpse.model.precision.Precision;
import io.glimpse.trainer.data.FrameBatch;
import io.glimpse.trainer.data.FrameBatches;
import io.glimpse.trainer.train.TrainingData;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shipped student in fp32 and in bf16 on the model card's test frames (same generator, seed 2,
 * batches of 64): accuracy per ρ, and per stage the fraction of kept/dropped token decisions
 * identical to fp32. Arguments: model directory (default models/fashion-video), frame count
 * (default 10000).
 */
public class CardPrecision {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "models/fashion-video");
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 10000;
        DynamicVitConfig config = DynamicVitConfig.read(dir.resolve("config.json"));
        List<FrameBatch> batches = new ArrayList<>();
        FrameBatches.builder()
                .setGenerator(TrainingData.testGenerator(FashionMnist.load(Split.TEST), config.getImageHeight(), 2))
                .setFrameCount(frames).setBatchSize(64).build().forEach(batches::add);
        try (DynamicVit fp32 = DynamicVit.load(config, dir.resolve("student.safetensors"));
                DynamicVit bf16 = DynamicVit.load(config, dir.resolve("student.safetensors"));
                NDManager manager = NDManager.newBaseManager()) {
            System.out.println("bf16 model precision: " + bf16.setPrecision(Precision.BF16));
            for (double rho : new double[] {1.0, 0.7, 0.5}) {
                long total = 0, right32 = 0, right16 = 0, sameArgmax = 0;
                int stages = config.getStageCount();
                long[] decisions = new long[stages], same = new long[stages], imagesSame = new long[stages];
                for (FrameBatch batch : batches) {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray x = scope.create(batch.getData(), new Shape(batch.getShape()));
                        InferenceOutput a = fp32.infer(x, rho);
                        InferenceOutput b = bf16.infer(x, rho);
                        long[] pa = a.getLogits().argMax(1).toLongArray();
                        long[] pb = b.getLogits().argMax(1).toLongArray();
                        int[] labels = batch.getLabels();
                        for (int i = 0; i < labels.length; i++) {
                            total++;
                            right32 += pa[i] == labels[i] ? 1 : 0;
                            right16 += pb[i] == labels[i] ? 1 : 0;
                            sameArgmax += pa[i] == pb[i] ? 1 : 0;
                        }
                        for (int s = 0; s < stages && s < a.getKeptOriginal().size(); s++) {
                            long[] ka = a.getKeptOriginal().get(s).toLongArray();
                            long[] kb = b.getKeptOriginal().get(s).toLongArray();
                            int k = ka.length / labels.length;
                            int n0 = config.getPatchCount();
                            for (int i = 0; i < labels.length; i++) {
                                Set<Long> sa = new HashSet<>(), sb = new HashSet<>();
                                for (int j = 0; j < k; j++) {
                                    sa.add(ka[i * k + j]);
                                    sb.add(kb[i * k + j]);
                                }
                                sa.removeAll(sb);
                                decisions[s] += n0;
                                same[s] += n0 - 2L * sa.size();
                                imagesSame[s] += sa.isEmpty() ? 1 : 0;
                            }
                        }
                    }
                }
                StringBuilder line = new StringBuilder(String.format(
                        "rho %.1f: accuracy fp32 %.2f %%, bf16 %.2f %% (diff %+.2f pt), same argmax %.2f %%, %d frames",
                        rho, 100.0 * right32 / total, 100.0 * right16 / total, 100.0 * (right16 - right32) / total,
                        100.0 * sameArgmax / total, total));
                for (int s = 0; s < stages; s++) {
                    if (decisions[s] > 0) {
                        line.append(String.format("; stage %d: %.3f %% of token decisions, %.2f %% of images identical",
                                s + 1, 100.0 * same[s] / decisions[s], 100.0 * imagesSame[s] / (total)));
                    }
                }
                System.out.println(line);
            }
        }
    }
}
