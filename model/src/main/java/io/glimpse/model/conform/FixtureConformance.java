package io.glimpse.model.conform;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.GumbelNoise;
import io.glimpse.model.InferenceOutput;
import io.glimpse.model.KeepSchedule;
import io.glimpse.model.TrainingOutput;
import io.glimpse.model.io.Safetensors;
import io.glimpse.model.train.DistillationLoss;
import io.glimpse.model.train.LossTerms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks this implementation against a reference directory produced by the official code: {@code
 * config.json}, {@code params}, {@code inputs}, {@code eval_base}, {@code eval_alt}, {@code dense}
 * and {@code train} safetensors files, laid out as the shared fixture's README describes.
 *
 * <p>Tolerances are the fixture's: indices and decisions exact, logits and tokens 1e-4 absolute,
 * losses 1e-5 absolute.
 */
public final class FixtureConformance {

    static final double TENSOR_TOLERANCE = 1e-4;
    static final double LOSS_TOLERANCE = 1e-5;
    private static final float LABEL_SMOOTHING = 0.1f;
    private static final String[] EVAL_SETS = {"eval_base", "eval_alt"};

    private final Path dir;
    private final JsonNode root;
    private final DynamicVitConfig config;

    private FixtureConformance(Path dir) throws IOException {
        this.dir = dir;
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new IOException("Not a reference fixture (no config.json): " + dir);
        }
        root = new ObjectMapper().readTree(configFile.toFile());
        config = DynamicVitConfig.fromJson(root);
    }

    /**
     * Opens a fixture directory.
     *
     * @param dir the directory
     * @return the checker
     * @throws IOException if config.json is missing or unreadable
     */
    public static FixtureConformance of(Path dir) throws IOException {
        return new FixtureConformance(dir);
    }

    public DynamicVitConfig getConfig() {
        return config;
    }

    /**
     * Runs every check.
     *
     * @return the results, in order: eval sets, dense, training
     * @throws IOException if a file is missing or unreadable
     * @throws MalformedModelException if the weights do not fit the configuration
     */
    public List<Check> run() throws IOException, MalformedModelException {
        List<Check> checks = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList params = Safetensors.read(manager, dir.resolve("params.safetensors"));
            NDList inputs = Safetensors.read(manager, dir.resolve("inputs.safetensors"));
            NDArray images = Safetensors.require(inputs, "images");
            try (DynamicVit student = DynamicVit.fromTensors(config, params);
                    DynamicVit teacher = DynamicVit.fromTensors(config.dense(), params)) {
                for (String set : EVAL_SETS) {
                    checks.addAll(checkEval(manager, student, images, set));
                }
                checks.addAll(checkDense(manager, student, teacher, images));
                checks.addAll(checkTraining(manager, student, teacher, images, inputs));
            }
        }
        return checks;
    }

    private List<Check> checkEval(NDManager parent, DynamicVit student, NDArray images, String set)
            throws IOException {
        List<Check> checks = new ArrayList<>();
        JsonNode eval = root.path("eval").path(set);
        if (eval.isMissingNode()) {
            throw new IOException("config.json has no eval." + set + " entry");
        }
        double rho = eval.get("rho").asDouble();
        try (NDManager scope = parent.newSubManager()) {
            NDList expected = Safetensors.read(scope, dir.resolve(set + ".safetensors"));
            String group = set + " (rho " + rho + ")";
            int[] counts = KeepSchedule.of(config, rho).getCounts();
            NDArray x = images.duplicate();
            x.attach(scope);
            InferenceOutput out = student.infer(x, rho);
            checks.add(Check.within(group, "logits", maxAbsDiff(out.getLogits(), expected.get("logits")), TENSOR_TOLERANCE));
            for (int s = 0; s < config.getStageCount(); s++) {
                String stage = "stage" + (s + 1);
                NDArray refOrig = Safetensors.require(expected, "keep_orig_" + stage);
                if (refOrig.getShape().get(1) != counts[s]) {
                    throw new IOException(set + ": reference keeps " + refOrig.getShape().get(1)
                            + " tokens at " + stage + ", this implementation " + counts[s]);
                }
                checks.add(Check.identical(group, "keep_orig_" + stage, mismatches(out.getKeptOriginal().get(s), refOrig)));
                checks.add(Check.identical(group, "keep_local_" + stage,
                        mismatches(out.getKeptLocal().get(s), expected.get("keep_local_" + stage))));
                checks.add(Check.within(group, "pred_score_" + stage,
                        maxAbsDiff(out.getPredictorScores().get(s), expected.get("pred_score_" + stage)), TENSOR_TOLERANCE));
            }
            checks.add(Check.within(group, "final_tokens",
                    maxAbsDiff(out.getFinalTokens(), expected.get("final_tokens")), TENSOR_TOLERANCE));
        }
        return checks;
    }

    private List<Check> checkDense(NDManager parent, DynamicVit student, DynamicVit teacher, NDArray images)
            throws IOException {
        List<Check> checks = new ArrayList<>();
        try (NDManager scope = parent.newSubManager()) {
            NDList expected = Safetensors.read(scope, dir.resolve("dense.safetensors"));
            NDArray x = images.duplicate();
            x.attach(scope);
            InferenceOutput dense = teacher.inferDense(x);
            checks.add(Check.within("dense", "teacher_logits",
                    maxAbsDiff(dense.getLogits(), expected.get("teacher_logits")), TENSOR_TOLERANCE));
            checks.add(Check.within("dense", "teacher_tokens",
                    maxAbsDiff(patchTokens(dense), expected.get("teacher_tokens")), TENSOR_TOLERANCE));
            InferenceOutput full = student.infer(x, 1.0);
            checks.add(Check.within("dense", "rho1_logits",
                    maxAbsDiff(full.getLogits(), expected.get("rho1_logits")), TENSOR_TOLERANCE));
            InferenceOutput studentDense = student.inferDense(x);
            checks.add(Check.within("dense", "student_dense_path_logits",
                    maxAbsDiff(studentDense.getLogits(), expected.get("teacher_logits")), TENSOR_TOLERANCE));
        }
        return checks;
    }

    private List<Check> checkTraining(
            NDManager parent, DynamicVit student, DynamicVit teacher, NDArray images, NDList inputs)
            throws IOException {
        List<Check> checks = new ArrayList<>();
        JsonNode train = root.path("train");
        try (NDManager scope = parent.newSubManager()) {
            NDList expected = Safetensors.read(scope, dir.resolve("train.safetensors"));
            NDArray x = images.duplicate();
            x.attach(scope);
            List<NDArray> noise = new ArrayList<>();
            for (int s = 0; s < config.getStageCount(); s++) {
                noise.add(Safetensors.require(expected, "gumbel_stage" + (s + 1)));
            }
            TrainingOutput out =
                    student.getBlock()
                            .trainForward(
                                    new ai.djl.training.ParameterStore(scope, false), x, GumbelNoise.replay(noise));
            String group = "train";
            for (int s = 0; s < config.getStageCount(); s++) {
                String stage = "stage" + (s + 1);
                checks.add(Check.identical(group, "decision_" + stage,
                        mismatches(out.getDecisions().get(s), expected.get("decision_" + stage))));
                checks.add(Check.within(group, "pred_score_" + stage,
                        maxAbsDiff(out.getPredictorScores().get(s), expected.get("pred_score_" + stage)), TENSOR_TOLERANCE));
            }
            checks.add(Check.identical(group, "final_mask", mismatches(out.getFinalMask(), expected.get("final_mask"))));
            checks.add(Check.within(group, "logits", maxAbsDiff(out.getLogits(), expected.get("logits")), TENSOR_TOLERANCE));
            checks.add(Check.within(group, "features", maxAbsDiff(out.getFeatures(), expected.get("features")), TENSOR_TOLERANCE));

            InferenceOutput dense = teacher.inferDense(x);
            NDArray labels = Safetensors.require(inputs, "labels");
            double[] keepRatios = keepRatios(train);
            JsonNode weights = train.path("loss_weights");
            for (boolean smoothed : new boolean[] {false, true}) {
                String suffix = smoothed ? "_ls" : "_ce";
                DistillationLoss loss =
                        DistillationLoss.builder()
                                .setKeepRatios(keepRatios)
                                .optLabelSmoothing(smoothed ? LABEL_SMOOTHING : 0f)
                                .optClassificationWeight((float) weights.path("clf_weight").asDouble(1.0))
                                .optRatioWeight((float) weights.path("ratio_weight").asDouble(2.0))
                                .optRatioDivisor((float) weights.path("ratio_divisor").asDouble(3.0))
                                .optDistillWeight((float) weights.path("distill_weight").asDouble(0.5))
                                .build();
                LossTerms terms = loss.compute(out, labels, dense.getLogits(), patchTokens(dense));
                checks.add(lossCheck("loss_total" + suffix, terms.getTotal(), expected));
                checks.add(lossCheck("loss_cls" + suffix, terms.getClassification(), expected));
                if (!smoothed) {
                    checks.add(lossCheck("loss_ratio_sum", terms.getRatio(), expected));
                    checks.add(lossCheck("loss_cls_kl", terms.getDistillation(), expected));
                    checks.add(lossCheck("loss_token_mse", terms.getToken(), expected));
                }
            }
        }
        return checks;
    }

    private double[] keepRatios(JsonNode train) {
        JsonNode ratios = train.get("keep_ratio");
        if (ratios != null) {
            double[] r = new double[ratios.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = ratios.get(i).asDouble();
            }
            return r;
        }
        return KeepSchedule.of(config, train.path("rho").asDouble(0.7)).getRatios();
    }

    private static Check lossCheck(String name, NDArray value, NDList expected) {
        return Check.within("train loss", name, maxAbsDiff(value.reshape(1), Safetensors.require(expected, name)), LOSS_TOLERANCE);
    }

    private static NDArray patchTokens(InferenceOutput out) {
        return out.getFinalTokens().get(":, 1:, :");
    }

    static double maxAbsDiff(NDArray actual, NDArray expected) {
        if (expected == null) {
            throw new IllegalArgumentException("Reference tensor missing");
        }
        if (!actual.getShape().equals(expected.getShape())) {
            throw new IllegalStateException(
                    "Shape mismatch for " + expected.getName() + ": " + actual.getShape() + " vs " + expected.getShape());
        }
        float[] a = actual.toType(DataType.FLOAT32, false).toFloatArray();
        float[] e = expected.toType(DataType.FLOAT32, false).toFloatArray();
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - e[i]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    static long mismatches(NDArray actual, NDArray expected) {
        if (expected == null) {
            throw new IllegalArgumentException("Reference tensor missing");
        }
        if (!actual.getShape().equals(expected.getShape())) {
            return Math.max(actual.size(), expected.size());
        }
        double[] a = actual.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] e = expected.toType(DataType.FLOAT64, false).toDoubleArray();
        long count = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != e[i]) {
                count++;
            }
        }
        return count;
    }
}
