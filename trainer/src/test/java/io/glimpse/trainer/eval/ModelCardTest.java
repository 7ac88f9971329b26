package io.glimpse.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.glimpse.clips.CameraSize;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.precision.Precision;
import io.glimpse.resize.ResizePolicy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ModelCardTest {

    private static final DynamicVitConfig CONFIG = DynamicVitConfig.builder().setImageSize(64).setPatchSize(8)
            .setEmbeddingSize(96).setDepth(6).setHeadCount(3).setClassCount(10).optPruneAt(2, 3, 4).build();

    private static ModelEntry.Point point(double rho, double accuracy) {
        double[] perClass = new double[10];
        java.util.Arrays.fill(perClass, accuracy);
        return new ModelEntry.Point(rho, 0.1 * rho, accuracy, 500, perClass);
    }

    private static RunInfo run() {
        return run(new ObjectMapper().createObjectNode().put("maxGradNorm", 1.0));
    }

    private static RunInfo studentRun(double rhoMin, double rhoMax) {
        return run(new ObjectMapper().createObjectNode().put("teacher", "runs/teacher/model.safetensors")
                .put("rhoMin", rhoMin).put("rhoMax", rhoMax).put("ratioWeight", 2.0).put("distillWeight", 0.5)
                .put("backboneFrozenEpochs", 1.33).put("maxGradNorm", 0.0).put("maxTensorGradNorm", 1.0));
    }

    private static RunInfo run(ObjectNode settings) {
        ObjectMapper m = new ObjectMapper();
        var config = m.createObjectNode().put("epochs", 8).put("trainFrames", 20000).put("batchSize", 128)
                .put("lr", 1e-3).put("minLr", 1e-5).put("weightDecay", 0.05).put("labelSmoothing", 0.1);
        config.setAll(settings);
        var state = m.createObjectNode().put("step", 1250).put("skipped", 2).put("epoch", 8).put("batch", 0);
        return new RunInfo(config, state, Duration.ofMinutes(42), Optional.empty());
    }

    private static ModelCard card() {
        ModelEntry teacher = new ModelEntry("teacher", "dense", List.of(point(1.0, 0.80)));
        ModelEntry fixed = new ModelEntry("fixed", "rho 0.7", List.of(point(1.0, 0.80), point(0.7, 0.797),
                point(0.5, 0.75)));
        ModelEntry robust = new ModelEntry("robust", "rho 0.5-1.0", List.of(point(1.0, 0.80), point(0.7, 0.79),
                point(0.5, 0.79)));
        return new ModelCard(CONFIG, 10000, Precision.FP32, teacher, run(), List.of(fixed, robust),
                Map.of("fixed", studentRun(0.7, 0.7), "robust", studentRun(0.5, 1.0)), "robust", new ModelCard.CheckSet(512, 2, 0.7, 0.7871),
                List.of("./glimpse train train-teacher ..."), null);
    }

    @Test
    void shouldReportEachTargetAsMetOrNotWithTheGapToTheTeacher() {
        String md = card().toMarkdown("a.png", "b.png");

        assertThat(md).contains("| teacher ≥ 88 % frame accuracy | 80.00 % | **no** |");
        assertThat(md).contains("| student at ρ 0.7 within 0.5 pt of the teacher | 79.00 % (-1.00 pt) | **no** |");
        assertThat(md).contains("| student at ρ 0.5 within 1.5 pt of the teacher | 79.00 % (-1.00 pt) | yes |");
        assertThat(md).contains("**The teacher is below the 88 % target**");
    }

    @Test
    void shouldCountAFigureExactlyAtItsTargetAsMet() {
        ModelEntry teacher = new ModelEntry("teacher", "dense", List.of(point(1.0, 8800 / 10000.0)));
        ModelEntry student = new ModelEntry("fixed", "rho 0.7", List.of(point(1.0, 8800 / 10000.0),
                point(0.7, 8750 / 10000.0), point(0.5, 8650 / 10000.0)));
        String md = new ModelCard(CONFIG, 10000, Precision.FP32, teacher, run(), List.of(student), Map.of("fixed", studentRun(0.7, 0.7)),
                "fixed", new ModelCard.CheckSet(512, 2, 0.7, 0.87), List.of(), null).toMarkdown("a.png", "b.png");

        assertThat(md).contains("| teacher ≥ 88 % frame accuracy | 88.00 % | yes |");
        assertThat(md).contains("| student at ρ 0.7 within 0.5 pt of the teacher | 87.50 % (-0.50 pt) | yes |");
        assertThat(md).contains("| student at ρ 0.5 within 1.5 pt of the teacher | 86.50 % (-1.50 pt) | yes |");
        assertThat(md).doesNotContain("below the 88 % target");
    }

    @Test
    void shouldCompareFixedAndRobustStudentsAndListTrainingAndImages() {
        String md = card().toMarkdown("a.png", "b.png");

        assertThat(md).contains("## Fixed ρ or ρ-robust").contains("Shipped: **robust**");
        assertThat(md).contains("8.0 of 8 planned epochs").contains("1250 steps, 2 skipped").contains("wall time 42 min");
        assertThat(md).contains("![accuracy vs GMACs](a.png)").contains("![kept-token maps](b.png)");
        assertThat(md).contains("| T-shirt/top | 80.00 %");
    }

    @Test
    void shouldNameAStudentThatMeetsBothStudentTargetsWhenTheShippedOneDoesNot() {
        ModelEntry teacher = new ModelEntry("teacher", "dense", List.of(point(1.0, 0.80)));
        ModelEntry wide = new ModelEntry("wide", "rho 0.7", List.of(point(1.0, 0.80), point(0.7, 0.80), point(0.5, 0.75)));
        ModelEntry narrow = new ModelEntry("narrow", "rho 0.5", List.of(point(1.0, 0.70), point(0.7, 0.798),
                point(0.5, 0.79)));
        ModelCard c = new ModelCard(CONFIG, 10000, Precision.FP32, teacher, run(), List.of(wide, narrow),
                Map.of("wide", studentRun(0.7, 0.7), "narrow", studentRun(0.5, 0.5)), "wide",
                new ModelCard.CheckSet(512, 2, 0.7, 0.8), List.of(), null);

        String md = c.toMarkdown("a.png", "b.png");

        assertThat(md).contains("| student at ρ 0.5 within 1.5 pt of the teacher | 75.00 % (-5.00 pt) | **no** |");
        assertThat(md).contains("**narrow meets both student targets** (ρ 0.7: -0.20 pt, ρ 0.5: -1.00 pt) but does not"
                + " ship: its mean over ρ 0.5–1.0 is lower (76.27 % vs 78.33 %)");
        assertThat(md).doesNotContain("**wide meets");
    }

    @Test
    void shouldStateHowEachRunClippedGradientsAndWhatRatioEachStudentWasDistilledAt() {
        String md = card().toMarkdown("a.png", "b.png");

        assertThat(md).contains("label smoothing 0.10, gradients clipped to a global norm of 1; wall time");
        assertThat(md).contains("gradients clipped to norm 1 per tensor, target ρ 0.7, ratio weight 2,"
                + " distillation weight 0.5, backbone frozen for 1.33 epochs;");
        assertThat(md).contains("target ρ sampled per batch from [0.5, 1]");
        assertThat(md).doesNotContain("clipping at 0");
        assertThat(md).doesNotContain("averaged");
    }

    @Test
    void shouldSayWhenARunsWeightsAreAnAverage() {
        ModelEntry teacher = new ModelEntry("teacher", "dense", List.of(point(1.0, 0.88)));
        ModelEntry student = new ModelEntry("fixed", "rho 0.7", List.of(point(1.0, 0.88), point(0.7, 0.88)));
        RunInfo averaged = run(new ObjectMapper().createObjectNode().put("maxGradNorm", 1.0).put("emaDecay", 0.9995));
        String md = new ModelCard(CONFIG, 10000, Precision.FP32, teacher, averaged, List.of(student), Map.of("fixed", studentRun(0.7, 0.7)),
                "fixed", new ModelCard.CheckSet(512, 2, 0.7, 0.88), List.of(), null).toMarkdown("a.png", "b.png");

        assertThat(md).contains("gradients clipped to a global norm of 1, weights averaged over the steps (EMA decay"
                + " 0.9995); wall time");
    }

    @Test
    void shouldRecordTheCheckSetAndEveryPointInJson() {
        var json = card().toJson();

        assertThat(json.get("shipped_student").asText()).isEqualTo("robust");
        assertThat(json.get("check").get("accuracy").asDouble()).isEqualTo(0.7871);
        assertThat(json.get("models")).hasSize(3);
        assertThat(json.get("models").get(1).get("points").get(1).get("rho").asDouble()).isEqualTo(0.7);
        assertThat(DynamicVitConfig.fromJson(json.get("config"))).isEqualTo(CONFIG);
    }

    @Test
    void shouldPreferTheStudentWithTheHigherMeanOverTheRange() {
        ModelCard c = card();
        assertThat(c.students().get(1).meanAccuracy(0.5, 1.0)).isGreaterThan(c.students().get(0).meanAccuracy(0.5, 1.0));
    }

    @Test
    void shouldReportTheCameraSizeSetPerRhoBesideTheTestFramesAndJudgeTheShippedStudentOnIt() {
        ModelEntry teacher = new ModelEntry("teacher", "dense", List.of(point(1.0, 0.88)));
        ModelEntry student = new ModelEntry("fixed", "rho 0.7", List.of(point(1.0, 0.88), point(0.7, 0.88),
                point(0.5, 0.875)));
        ModelEntry.Point cameraTeacher = point(1.0, 0.80);
        ModelCard.CameraSet camera = new ModelCard.CameraSet(10000, List.of(new CameraSize(640, 480),
                new CameraSize(1280, 720)), ResizePolicy.FIT, new ModelEntry("teacher", "dense", List.of(cameraTeacher)),
                List.of(new ModelEntry("fixed", "rho 0.7", List.of(point(1.0, 0.75), point(0.7, 0.745),
                        point(0.5, 0.70)))));
        ModelCard card = new ModelCard(CONFIG, 10000, Precision.FP32, teacher, run(), List.of(student),
                Map.of("fixed", studentRun(0.7, 0.7)), "fixed", new ModelCard.CheckSet(512, 2, 0.7, 0.88), List.of(), camera);

        String md = card.toMarkdown("a.png", "b.png");
        JsonNode json = card.toJson().get("camera");

        assertThat(card.meetsTargets()).as("the 64x64 targets alone decide shipping").isTrue();
        assertThat(md).contains("| student at ρ 0.7 on camera-size frames within 1.0 pt of its 64×64 accuracy"
                + " | 74.50 % (-13.50 pt) | **no** |");
        assertThat(md).contains("## Camera-size frames", "each clip at one of 640x480, 1280x720",
                "`glimpse.frame.resize=fit`");
        assertThat(md).contains("| teacher | 1.0 | 88.00 % | 80.00 % | -8.00 pt |");
        assertThat(md).contains("| fixed | 0.7 | 88.00 % | 74.50 % | -13.50 pt |");
        assertThat(md).contains("| fixed | 0.5 | 87.50 % | 70.00 % | -17.50 pt |");
        assertThat(json.get("frames").asInt()).isEqualTo(10000);
        assertThat(json.get("resize").asText()).isEqualTo("fit");
        assertThat(json.get("sizes")).hasSize(2);
        assertThat(json.get("models").get(1).get("points").get(1).get("accuracy").asDouble()).isEqualTo(0.745);
        assertThat(card.toJson().get("models").get(1).get("points").get(1).get("accuracy").asDouble()).isEqualTo(0.88);
    }

    @Test
    void shouldLeaveTheCameraSectionOutWhenItWasNotMeasured() {
        assertThat(card().toMarkdown("a.png", "b.png")).doesNotContain("Camera-size frames", "camera-size frames within");
        assertThat(card().toJson().has("camera")).isFalse();
        assertThat(card().meetsTargets()).isFalse();
    }
}
