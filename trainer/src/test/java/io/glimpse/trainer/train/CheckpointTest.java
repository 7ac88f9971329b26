package io.glimpse.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Parameter;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.io.StateDict;
import io.glimpse.trainer.optim.AdamW;
import io.glimpse.trainer.optim.LearningRateSchedule;
import io.glimpse.trainer.optim.ParameterGroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    private static final DynamicVitConfig CONFIG = DynamicVitConfig.builder().setImageSize(32).setPatchSize(8)
            .setEmbeddingSize(16).setDepth(2).setHeadCount(2).setClassCount(10).optPruneAt(1).build();

    @TempDir
    Path dir;

    private static AdamW adam(DynamicVit model) {
        Map<String, Parameter> params = StateDict.parameters(model.getBlock());
        return AdamW.builder().addGroup(new ParameterGroup("all", params, 0, LearningRateSchedule.constant(1e-3)))
                .build(model.getModel().getNDManager());
    }

    @Test
    void shouldRestoreWeightsMomentsAndStateAndKeepOnlyTheLatestFiles() throws IOException {
        TrainingConfig config = TrainingConfig.builder().build();
        Path logFile = dir.resolveSibling(dir.getFileName() + "-run.log");
        Checkpoint checkpoint = new Checkpoint(dir);
        try (DynamicVit a = DynamicVit.initialize(CONFIG, 1); AdamW adamA = adam(a)) {
            adamA.stateTensors().get(0).addi(0.25f);
            checkpoint.save(a, adamA, null, new TrainingState(0, 5, 5, 5, 0, 42), config);
            checkpoint.save(a, adamA, null, new TrainingState(1, 2, 12, 11, 1, 42), config);

            try (DynamicVit b = DynamicVit.initialize(CONFIG, 2); AdamW adamB = adam(b);
                    RunLog log = new RunLog(logFile, null)) {
                TrainingState state = checkpoint.resume(b, adamB, log);

                assertThat(state).isEqualTo(new TrainingState(1, 2, 12, 11, 1, 42));
                assertThat(adamB.getSteps()).isEqualTo(11);
                assertThat(adamB.getSkipped()).isEqualTo(1);
                assertThat(adamB.stateTensors().get(0).contentEquals(adamA.stateTensors().get(0))).isTrue();
                Map<String, Parameter> pa = StateDict.parameters(a.getBlock());
                StateDict.parameters(b.getBlock()).forEach((name, p) ->
                        assertThat(p.getArray().contentEquals(pa.get(name).getArray())).as(name).isTrue());
            }
            assertThat(Files.readString(logFile)).contains("Resumed from");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("checkpoint.json", "model-12.safetensors", "optimizer-12.safetensors");
        }
    }

    @Test
    void shouldSayThereIsNoCheckpointInAnEmptyDirectory() {
        Checkpoint checkpoint = new Checkpoint(dir.resolve("none"));
        assertThat(checkpoint.exists()).isFalse();
        assertThatThrownBy(checkpoint::weights).isInstanceOf(IOException.class).hasMessageContaining("No checkpoint");
    }
}
