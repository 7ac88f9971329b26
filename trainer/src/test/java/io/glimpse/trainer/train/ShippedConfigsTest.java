package io.glimpse.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The configuration files in trainer/config are valid and describe one architecture. */
class ShippedConfigsTest {

    private static TrainingConfig read(String name) throws IOException {
        return TrainingConfig.read(Path.of("config", name)).build();
    }

    @Test
    void shouldDistilTheTeachersArchitectureAtFixedAndRangedRho() throws IOException {
        TrainingConfig teacher = read("teacher.json");
        TrainingConfig fixed = read("distill.json");
        TrainingConfig robust = read("distill-robust.json");

        assertThat(fixed.modelConfig()).isEqualTo(teacher.modelConfig());
        assertThat(robust.modelConfig()).isEqualTo(teacher.modelConfig());
        assertThat(fixed.isRhoRobust()).isFalse();
        assertThat(fixed.getRho()).isEqualTo(0.7);
        assertThat(robust.isRhoRobust()).isTrue();
        assertThat(robust.getRhoMin()).isEqualTo(0.5);
        assertThat(robust.getRhoMax()).isEqualTo(1.0);
        assertThat(fixed.getTeacher()).isEqualTo(teacher.getOutput() + "/model.safetensors");
        assertThat(read("smoke.json").getTrainFrames()).isLessThan(1000);
    }

    @Test
    void shouldDistilAtRhoHalfWithTheSpecsRatioWeightAndTheReadmesOneForDeitB() throws IOException {
        TrainingConfig specRatio = read("distill-0.5.json");
        TrainingConfig ratio5 = read("distill-0.5-ratio5.json");

        assertThat(specRatio.getRho()).isEqualTo(0.5);
        assertThat(ratio5.getRho()).isEqualTo(0.5);
        assertThat(specRatio.getRatioWeight()).isEqualTo(2.0);
        assertThat(ratio5.getRatioWeight()).isEqualTo(5.0);
        assertThat(ratio5.modelConfig()).isEqualTo(read("teacher.json").modelConfig());
    }
}
