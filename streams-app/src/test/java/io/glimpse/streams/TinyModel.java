package io.glimpse.streams;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.InferenceOutput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, randomly initialised DynamicViT written to files as a user would ship one (config.json,
 * weights, labels), so integration tests run the real model code fast on 2 cores. Also computes
 * the expected answer for a frame directly, without Kafka, to check what comes out of the stream.
 */
final class TinyModel {

    static final int SIZE = 32;
    static final DynamicVitConfig CONFIG =
            DynamicVitConfig.builder()
                    .setImageSize(SIZE)
                    .setPatchSize(8)
                    .setEmbeddingSize(32)
                    .setDepth(4)
                    .setHeadCount(2)
                    .setClassCount(10)
                    .optPruneAt(1, 3)
                    .build();
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    final Path config;
    final Path weights;
    final Path labels;

    private TinyModel(Path dir) throws IOException {
        config = dir.resolve("config.json");
        weights = dir.resolve("weights.safetensors");
        labels = dir.resolve("labels.txt");
        Files.writeString(config, CONFIG.toJson().toPrettyString());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add("label-" + i);
        }
        Files.write(labels, names);
        try (DynamicVit model = DynamicVit.initialize(CONFIG, 11)) {
            model.save(weights);
        }
    }

    static TinyModel writeTo(Path dir) throws IOException {
        return new TinyModel(dir);
    }

    /** The model's answer for one RGB frame: top-1 class and the last stage's kept patches. */
    static Expected expected(DynamicVit model, byte[] rgb, double rho) {
        float[] chw = new float[3 * SIZE * SIZE];
        int plane = SIZE * SIZE;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                chw[c * plane + p] = ((rgb[3 * p + c] & 0xff) / 255f - MEAN[c]) / STD[c];
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(chw, new Shape(1, 3, SIZE, SIZE));
            InferenceOutput out = model.infer(x, rho);
            float[] logits = out.getLogits().toFloatArray();
            int best = 0;
            for (int c = 1; c < logits.length; c++) {
                if (logits[c] > logits[best]) {
                    best = c;
                }
            }
            long[] kept = out.getKeptOriginal().get(out.getKeptOriginal().size() - 1).toLongArray();
            List<Integer> ids = new ArrayList<>();
            for (long id : kept) {
                ids.add((int) id);
            }
            return new Expected(best, ids);
        }
    }

    static final class Expected {
        final int classIndex;
        final List<Integer> lastStageKept;

        Expected(int classIndex, List<Integer> lastStageKept) {
            this.classIndex = classIndex;
            this.lastStageKept = lastStageKept;
        }
    }
}
