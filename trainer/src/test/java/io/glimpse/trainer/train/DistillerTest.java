package io.glimpse.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.io.Safetensors;
import io.glimpse.model.io.StateDict;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistillerTest {

    @TempDir
    static Path dir;

    static Path teacher;

    @BeforeAll
    static void trainTeacher() throws Exception {
        TrainingConfig config = SmallRuns.tiny(dir.resolve("teacher")).optEvalFrames(0).build();
        try (RunLog log = new RunLog(dir.resolve("teacher/run.log"), null)) {
            new TeacherTrainer(config, SmallRuns.data(config)).train(false, log);
        }
        teacher = dir.resolve("teacher").resolve(TeacherTrainer.WEIGHTS);
    }

    @Test
    void shouldStartTheStudentAsTheTeachersBackboneWithFreshPredictors() throws Exception {
        TrainingConfig config = SmallRuns.tiny(dir.resolve("unused")).build();
        try (NDManager manager = NDManager.newBaseManager();
                DynamicVit student = Distiller.studentFrom(config.modelConfig(), teacher, 7)) {
            NDList tensors = Safetensors.read(manager, teacher);
            Map<String, Parameter> params = StateDict.parameters(student.getBlock());
            for (NDArray t : tensors) {
                assertThat(params.get(t.getName()).getArray().contentEquals(t)).as(t.getName()).isTrue();
            }
            assertThat(params.keySet()).anyMatch(n -> n.startsWith("score_predictor.0."));
            assertThat(params).hasSizeGreaterThan(tensors.size());
        }
    }

    @Test
    void shouldPullTheKeptFractionTowardTheTargetAndLowerTheLossWithClsAndPosFrozen() throws Exception {
        Path out = dir.resolve("student");
        TrainingConfig config = SmallRuns.tiny(out)
                .optTeacher(teacher.toString())
                .optRho(0.9)
                .optLr(1e-2)
                .optBackboneFrozenEpochs(1)
                .optEpochs(3)
                .build();
        List<TrainingLoop.Window> history;
        try (RunLog log = new RunLog(out.resolve("run.log"), null)) {
            history = new Distiller(config, SmallRuns.data(config)).train(false, log);
        }

        TrainingLoop.Window first = history.get(0);
        TrainingLoop.Window last = history.get(history.size() - 1);
        assertThat(history).allSatisfy(w -> assertThat(w.loss()).isFinite());
        assertThat(last.metrics().get("kept_gap")).isLessThan(first.metrics().get("kept_gap")).isLessThan(0.1);
        assertThat(last.loss()).isLessThan(first.loss());
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList before = Safetensors.read(manager, teacher);
            NDList after = Safetensors.read(manager, out.resolve(TeacherTrainer.WEIGHTS));
            for (String frozen : Distiller.FROZEN) {
                assertThat(after.get(frozen).contentEquals(before.get(frozen))).as(frozen).isTrue();
            }
            assertThat(after.get("head.weight").contentEquals(before.get("head.weight"))).isFalse();
        }
    }

    @Test
    void shouldSampleRhoPerBatchWithinTheRangeForRhoRobustTraining() {
        TrainingConfig config = SmallRuns.tiny(dir.resolve("unused")).optRhoRange(0.5, 1.0).build();
        RhoSampler objective = new RhoSampler(config);
        double min = 1;
        double max = 0;
        for (long step = 0; step < 200; step++) {
            double rho = objective.at(step);
            assertThat(rho).isBetween(0.5, 1.0).isEqualTo(objective.at(step));
            min = Math.min(min, rho);
            max = Math.max(max, rho);
        }
        assertThat(max - min).isGreaterThan(0.4);
    }
}
