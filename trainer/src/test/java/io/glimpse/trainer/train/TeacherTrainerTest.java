package io.glimpse.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.io.Safetensors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeacherTrainerTest {

    @TempDir
    Path dir;

    @Test
    void shouldLowerTheLossWithoutNonFiniteValuesAndLeaveLoadableWeights() throws Exception {
        TrainingConfig config = SmallRuns.tiny(dir).optEpochs(6).build();
        List<TrainingLoop.Window> history;
        try (RunLog log = new RunLog(dir.resolve("run.log"), null)) {
            history = new TeacherTrainer(config, SmallRuns.data(config)).train(false, log);
        }

        assertThat(history).hasSize(6);
        assertThat(history).allSatisfy(w -> assertThat(w.loss()).isFinite());
        assertThat(history.get(history.size() - 1).loss()).isLessThan(history.get(0).loss() - 0.1);
        DynamicVitConfig dense = DynamicVitConfig.read(dir.resolve(TeacherTrainer.CONFIG));
        assertThat(dense.getStageCount()).isZero();
        try (DynamicVit model = DynamicVit.load(dense, dir.resolve(TeacherTrainer.WEIGHTS))) {
            assertThat(model.getConfig().getEmbeddingSize()).isEqualTo(32);
        }
        assertThat(Files.readString(dir.resolve("run.log"))).contains("Epoch 6/6 done").contains("test accuracy");
    }

    @Test
    void shouldResumeFromTheCheckpointToTheSameWeightsAsAnUninterruptedRun() throws Exception {
        Path straight = dir.resolve("straight");
        Path interrupted = dir.resolve("interrupted");
        TrainingConfig full = SmallRuns.tiny(straight).optEpochs(2).optEvalFrames(0).build();
        try (RunLog log = new RunLog(straight.resolve("run.log"), null)) {
            new TeacherTrainer(full, SmallRuns.data(full)).train(false, log);
        }
        TrainingConfig.Builder second = SmallRuns.tiny(interrupted).optEpochs(2).optEvalFrames(0);
        TrainingConfig firstPart = second.optMaxSteps(11).build();
        try (RunLog log = new RunLog(interrupted.resolve("run.log"), null)) {
            new TeacherTrainer(firstPart, SmallRuns.data(firstPart)).train(false, log);
            TrainingConfig rest = second.optMaxSteps(0).build();
            new TeacherTrainer(rest, SmallRuns.data(rest)).train(true, log);
        }

        try (NDManager manager = NDManager.newBaseManager()) {
            NDList a = Safetensors.read(manager, straight.resolve(TeacherTrainer.WEIGHTS));
            NDList b = Safetensors.read(manager, interrupted.resolve(TeacherTrainer.WEIGHTS));
            assertThat(b).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(a.get(i).getName()).allClose(a.get(i), 1e-4, 1e-5, false))
                        .as(a.get(i).getName() + " differs; logs:%n%s%n%s", Files.readString(straight.resolve("run.log")),
                                Files.readString(interrupted.resolve("run.log")))
                        .isTrue();
            }
        }
        assertThat(Files.readString(interrupted.resolve("run.log"))).contains("Resumed from");
    }

    @Test
    void shouldKeepTheWeightAverageAcrossAResumeAndLeaveItAsTheRunsWeights() throws Exception {
        Path straight = dir.resolve("straight");
        Path interrupted = dir.resolve("interrupted");
        TrainingConfig full = SmallRuns.tiny(straight).optEpochs(2).optEvalFrames(0).optEmaDecay(0.9).build();
        try (RunLog log = new RunLog(straight.resolve("run.log"), null)) {
            new TeacherTrainer(full, SmallRuns.data(full)).train(false, log);
        }
        TrainingConfig.Builder second = SmallRuns.tiny(interrupted).optEpochs(2).optEvalFrames(0).optEmaDecay(0.9);
        TrainingConfig firstPart = second.optMaxSteps(11).build();
        try (RunLog log = new RunLog(interrupted.resolve("run.log"), null)) {
            new TeacherTrainer(firstPart, SmallRuns.data(firstPart)).train(false, log);
            TrainingConfig rest = second.optMaxSteps(0).build();
            new TeacherTrainer(rest, SmallRuns.data(rest)).train(true, log);
        }

        Checkpoint checkpoint = new Checkpoint(straight.resolve("checkpoint"));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList result = Safetensors.read(manager, straight.resolve(TeacherTrainer.WEIGHTS));
            NDList resumed = Safetensors.read(manager, interrupted.resolve(TeacherTrainer.WEIGHTS));
            NDList lastStep = Safetensors.read(manager, checkpoint.weights());
            boolean differsFromLastStep = false;
            for (NDArray a : result) {
                assertThat(resumed.get(a.getName()).allClose(a, 1e-4, 1e-5, false)).as(a.getName()).isTrue();
                differsFromLastStep |= !lastStep.get(a.getName()).allClose(a, 1e-4, 1e-5, false);
            }
            assertThat(differsFromLastStep).as("the run's weights are the average, not the last step").isTrue();
        }
        try (Stream<Path> files = Files.list(straight.resolve("checkpoint"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("average-"));
        }
        assertThat(Files.readString(straight.resolve("run.log"))).contains("holds the weight average");
    }
}
