package io.glimpse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.glimpse.model.io.MalformedWeightsException;
import io.glimpse.model.io.Safetensors;
import io.glimpse.model.io.StateDict;
import io.glimpse.model.io.WeightsProblem;
import io.glimpse.model.train.DistillationLoss;
import io.glimpse.model.train.LossTerms;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Behaviour of the model on a tiny, non-square configuration (24 patches on a 4×6 grid). */
class DynamicVitTest {

    private static final DynamicVitConfig TINY =
            DynamicVitConfig.builder()
                    .setImageSize(16, 24)
                    .setPatchSize(4)
                    .setEmbeddingSize(16)
                    .setDepth(4)
                    .setHeadCount(2)
                    .setClassCount(5)
                    .optPruneAt(1, 3)
                    .build();

    private NDManager manager;
    private DynamicVit model;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        model = DynamicVit.initialize(TINY, 42);
    }

    @AfterEach
    void tearDown() {
        model.close();
        manager.close();
    }

    private NDArray images(int batch) {
        Engine.getInstance().setRandomSeed(7);
        return manager.randomNormal(new Shape(batch, 3, 16, 24));
    }

    @Test
    void shouldKeepIntOfN0TimesRhoToTheStageTokensAtEachStage() {
        InferenceOutput out = model.infer(images(3), 0.6);
        assertThat(out.getLogits().getShape()).isEqualTo(new Shape(3, 5));
        assertThat(out.getKeptOriginal()).extracting(NDArray::getShape)
                .containsExactly(new Shape(3, 14), new Shape(3, 8));
        assertThat(out.getFinalTokens().getShape()).isEqualTo(new Shape(3, 9, 16));
    }

    @Test
    void shouldMapKeptTokensBackToDistinctOriginalPatchIds() {
        InferenceOutput out = model.infer(images(2), 0.7);
        long[] stage1 = out.getKeptOriginal().get(0).toLongArray();
        long[] local2 = out.getKeptLocal().get(1).toLongArray();
        long[] stage2 = out.getKeptOriginal().get(1).toLongArray();
        int k1 = 16;
        int k2 = 11;
        for (int b = 0; b < 2; b++) {
            Set<Long> seen = new HashSet<>();
            for (int j = 0; j < k2; j++) {
                long id = stage2[b * k2 + j];
                assertThat(id).isEqualTo(stage1[b * k1 + (int) local2[b * k2 + j]]);
                assertThat(id).isBetween(0L, 23L);
                assertThat(seen.add(id)).isTrue();
            }
        }
    }

    @Test
    void shouldListKeptTokensByDescendingPredictorScore() {
        InferenceOutput out = model.infer(images(1), 0.5);
        float[] scores = out.getPredictorScores().get(0).get(":, :, 0").toFloatArray();
        long[] kept = out.getKeptLocal().get(0).toLongArray();
        for (int j = 1; j < kept.length; j++) {
            assertThat(scores[(int) kept[j - 1]]).isGreaterThanOrEqualTo(scores[(int) kept[j]]);
        }
    }

    @Test
    void shouldGiveTheDenseLogitsWhenKeepingEveryToken() {
        NDArray x = images(2);
        float[] full = model.infer(x, 1.0).getLogits().toFloatArray();
        float[] dense = model.inferDense(x).getLogits().toFloatArray();
        assertThat(full).containsExactly(dense, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void shouldClassifyEachImageOfABatchAsIfItWereAlone() {
        NDArray x = images(4);
        float[] batched = model.infer(x, 0.7).getLogits().toFloatArray();
        float[] alone = model.infer(x.get("2:3"), 0.7).getLogits().toFloatArray();
        for (int c = 0; c < 5; c++) {
            assertThat(alone[c]).isCloseTo(batched[2 * 5 + c], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void shouldGiveTheSameResultsWhenALargeBatchRunsInChunks() {
        NDArray x = images(5);
        InferenceOutput whole = model.infer(x, 0.7);
        InferenceOutput chunked = model.infer(x, 0.7, 2);

        assertThat(chunked.getLogits().toFloatArray())
                .containsExactly(whole.getLogits().toFloatArray(), org.assertj.core.data.Offset.offset(1e-5f));
        for (int s = 0; s < 2; s++) {
            assertThat(chunked.getKeptOriginal().get(s).toLongArray())
                    .containsExactly(whole.getKeptOriginal().get(s).toLongArray());
        }
        assertThat(chunked.getFinalTokens().getShape()).isEqualTo(whole.getFinalTokens().getShape());
        assertThatThrownBy(() -> model.infer(x, 0.7, 0)).hasMessageContaining("at least one image");
    }

    @Test
    void shouldRejectImagesOfTheWrongShapeOrAKeepRatioOutOfRange() {
        assertThatThrownBy(() -> model.infer(manager.zeros(new Shape(1, 3, 24, 16)), 0.7))
                .hasMessageContaining("Expected images of shape (B, 3, 16, 24)");
        assertThatThrownBy(() -> model.infer(images(1), 0.0)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> model.infer(images(1), 0.1)).hasMessageContaining("keeps 0 of 24 patches");
    }

    @Test
    void shouldUseOfficialStateDictNames() {
        Map<String, Parameter> names = StateDict.parameters(model.getBlock());
        assertThat(names.keySet())
                .contains("cls_token", "pos_embed", "patch_embed.proj.weight", "blocks.3.attn.qkv.weight",
                        "blocks.0.mlp.fc2.bias", "norm.weight", "head.bias", "score_predictor.1.in_conv.0.weight",
                        "score_predictor.0.out_conv.4.weight")
                .hasSize(4 + 12 * 4 + 4 + 10 * 2);
        assertThat(StateDict.expectedShapes(model.getBlock()).get("score_predictor.0.out_conv.2.weight"))
                .isEqualTo(new Shape(4, 8));
    }

    @Test
    void shouldSaveAndLoadTheSameModel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.safetensors");
        model.save(file);
        NDArray x = images(2);
        try (DynamicVit loaded = DynamicVit.load(TINY, file)) {
            assertThat(loaded.infer(x, 0.7).getLogits().toFloatArray())
                    .containsExactly(model.infer(x, 0.7).getLogits().toFloatArray());
            assertThat(loaded.infer(x, 0.7).getKeptOriginal().get(1).toLongArray())
                    .containsExactly(model.infer(x, 0.7).getKeptOriginal().get(1).toLongArray());
        }
    }

    @Test
    void shouldNameEveryTensorThatDoesNotFit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.safetensors");
        model.save(file);
        NDList tensors = Safetensors.read(manager, file);
        NDList broken = new NDList();
        for (NDArray t : tensors) {
            if (t.getName().equals("head.bias")) {
                continue;
            }
            if (t.getName().equals("blocks.1.norm2.weight")) {
                NDArray wrong = manager.ones(new Shape(17));
                wrong.setName(t.getName());
                broken.add(wrong);
                continue;
            }
            broken.add(t);
        }
        NDArray extra = manager.ones(new Shape(2));
        extra.setName("blocks.9.attn.qkv.weight");
        broken.add(extra);
        assertThatThrownBy(() -> DynamicVit.fromTensors(TINY, broken))
                .isInstanceOf(MalformedModelException.class)
                .hasMessageContaining("missing tensor 'head.bias'")
                .hasMessageContaining("tensor 'blocks.1.norm2.weight' has shape (17), expected (16)")
                .hasMessageContaining("unknown tensor 'blocks.9.attn.qkv.weight'");
    }

    @Test
    void shouldTypeEachProblemSoThatAHotSwapCanSayWhyItRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.safetensors");
        model.save(file);
        NDList broken = new NDList();
        for (NDArray t : Safetensors.read(manager, file)) {
            if (t.getName().equals("head.bias")) {
                continue;
            }
            if (t.getName().equals("head.weight")) {
                NDArray poisoned = t.duplicate();
                poisoned.set(new NDIndex("0, 0"), Float.NaN);
                poisoned.setName(t.getName());
                broken.add(poisoned);
                continue;
            }
            if (t.getName().equals("cls_token")) {
                NDArray infinite = t.mul(Float.POSITIVE_INFINITY);
                infinite.setName(t.getName());
                broken.add(infinite);
                continue;
            }
            broken.add(t);
        }
        assertThatThrownBy(() -> DynamicVit.fromTensors(TINY, broken))
                .isInstanceOfSatisfying(MalformedWeightsException.class, e -> assertThat(e.getProblems())
                        .extracting(WeightsProblem::kind, WeightsProblem::tensor)
                        .containsExactlyInAnyOrder(
                                tuple(WeightsProblem.Kind.MISSING, "head.bias"),
                                tuple(WeightsProblem.Kind.NON_FINITE, "head.weight"),
                                tuple(WeightsProblem.Kind.NON_FINITE, "cls_token")));
    }

    @Test
    void shouldLoadFromTheBytesOfAWeightsFileAsFromTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.safetensors");
        model.save(file);
        NDArray x = images(2);
        try (DynamicVit fromBytes = DynamicVit.load(TINY, new java.io.ByteArrayInputStream(Files.readAllBytes(file)))) {
            assertThat(fromBytes.infer(x, 0.7).getLogits().toFloatArray())
                    .containsExactly(model.infer(x, 0.7).getLogits().toFloatArray());
        }
    }

    @Test
    void shouldLoadTheDenseTeacherFromAStudentCheckpoint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.safetensors");
        model.save(file);
        NDArray x = images(2);
        try (DynamicVit teacher = DynamicVit.load(TINY.dense(), file)) {
            assertThat(teacher.inferDense(x).getLogits().toFloatArray())
                    .containsExactly(model.inferDense(x).getLogits().toFloatArray());
        }
    }

    @Test
    void shouldBackpropagateTheDistillationLossIntoPredictorsAndBackbone() {
        NDArray x = images(2);
        NDArray labels = manager.create(new long[] {1, 3});
        InferenceOutput teacher = model.inferDense(x);
        DistillationLoss loss = DistillationLoss.builder().setKeepRatios(0.7, 0.49).optLabelSmoothing(0.1f).build();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            TrainingOutput out = model.getBlock().trainForward(new ParameterStore(manager, false), x, GumbelNoise.random());
            LossTerms terms = loss.compute(out, labels, teacher.getLogits(), teacher.getFinalTokens().get(":, 1:, :"));
            assertThat(terms.getTotal().getFloat()).isFinite().isPositive();
            collector.backward(terms.getTotal());
        }
        Map<String, Parameter> params = StateDict.parameters(model.getBlock());
        for (String name : List.of("score_predictor.0.out_conv.0.weight", "blocks.2.attn.qkv.weight", "head.weight")) {
            NDArray grad = params.get(name).getArray().getGradient();
            assertThat(grad.abs().sum().getFloat()).as(name).isFinite().isPositive();
        }
    }

    @Test
    void shouldGiveTheSameGradientsWhenTheJvmCollectsGarbageBetweenForwardAndBackward() {
        float[] quiet = lossGradient(false);
        float[] collected = lossGradient(true);
        assertThat(collected).containsExactly(quiet, org.assertj.core.data.Offset.offset(1e-6f));
    }

    /** The gradient of the distillation loss w.r.t. one qkv weight, with or without GC pressure before backward. */
    private float[] lossGradient(boolean collectGarbage) {
        try (DynamicVit fresh = DynamicVit.initialize(TINY, 5); NDManager scope = manager.newSubManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray x = scope.randomNormal(new Shape(2, 3, 16, 24));
            NDArray labels = scope.create(new long[] {1, 3});
            InferenceOutput teacher = fresh.inferDense(x);
            List<NDArray> noise = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                noise.add(scope.randomNormal(new Shape(2, 24, 2)));
            }
            DistillationLoss loss = DistillationLoss.builder().setKeepRatios(0.7, 0.49).optLabelSmoothing(0.1f).build();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                TrainingOutput out = fresh.getBlock().trainForward(new ParameterStore(scope, false), x, GumbelNoise.replay(noise));
                LossTerms terms = loss.compute(out, labels, teacher.getLogits(), teacher.getFinalTokens().get(":, 1:, :"));
                if (collectGarbage) {
                    for (int i = 0; i < 5; i++) {
                        // Direct buffers die only in a collection; make some garbage and collect it.
                        java.nio.ByteBuffer.allocateDirect(1 << 20).putFloat(0, 123f);
                        System.gc();
                    }
                    // Freed scalar buffers get reused by new allocations of the same size.
                    for (int i = 0; i < 1000; i++) {
                        scope.create(123f).close();
                    }
                }
                collector.backward(terms.getTotal());
            }
            return StateDict.parameters(fresh.getBlock()).get("blocks.2.attn.qkv.weight").getArray().getGradient().toFloatArray();
        }
    }

    @Test
    void shouldLeaveNoArraysInTheModelsManagerAfterATrainingStepOrAnInference() {
        NDManager models = model.getModel().getNDManager();
        step();
        int afterFirstStep = models.getManagedArrays().size();
        for (int i = 0; i < 5; i++) {
            step();
        }

        assertThat(models.getManagedArrays()).hasSize(afterFirstStep);
    }

    /** One distillation step and one inference, each in its own scope, as the trainer and the workers run them. */
    private void step() {
        try (NDManager scope = manager.newSubManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray x = scope.randomNormal(new Shape(2, 3, 16, 24));
            NDArray labels = scope.create(new long[] {1, 3});
            InferenceOutput teacher = model.inferDense(x);
            model.infer(x, 0.7);
            DistillationLoss loss = DistillationLoss.builder().setKeepRatios(0.7, 0.49).optLabelSmoothing(0.1f).build();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                TrainingOutput out = model.getBlock().trainForward(new ParameterStore(scope, false), x, GumbelNoise.random());
                collector.backward(loss.compute(out, labels, teacher.getLogits(),
                        teacher.getFinalTokens().get(":, 1:, :")).getTotal());
            }
        }
    }

    @Test
    void shouldStayFiniteWhenEveryTokenOfAnImageIsDropped() {
        NDArray x = images(2);
        List<NDArray> noise = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            // Drop everything: the "drop" column wins by a mile.
            noise.add(manager.create(new float[] {-100f, 100f}).broadcast(2, 24, 2));
        }
        TrainingOutput out = model.getBlock().trainForward(new ParameterStore(manager, false), x, GumbelNoise.replay(noise));
        assertThat(out.getDecisions().get(0).sum().getFloat()).isZero();
        assertThat(out.getPredictorScores().get(1).isNaN().any().getBoolean()).isFalse();
        assertThat(out.getLogits().isNaN().any().getBoolean()).isFalse();
        NDArray teacher = model.inferDense(x).getFinalTokens().get(":, 1:, :");
        assertThat(DistillationLoss.tokenMse(out.getFeatures(), teacher, out.getFinalMask()).getFloat()).isZero();
    }
}
