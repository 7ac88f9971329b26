package io.glimpse.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RunInfoTest {

    @Test
    void aRunInOneLegLastsFromItsFirstToItsLastLine() {
        List<String> log = List.of(
                "2026-11-25 23:24:12  Training teacher {...}",
                "2026-11-25 23:24:28  step 50 epoch 0.128 loss 2.2893",
                "2026-11-26 00:52:55  Wrote runs/teacher/model.safetensors");

        assertThat(RunInfo.trainingTime(log)).isEqualTo(Duration.parse("PT1H28M43S"));
    }

    @Test
    void aResumedRunCountsItsLegsButNotThePauseBetweenThem() {
        List<String> log = List.of(
                "2026-11-25 23:00:00  Training teacher {...}",
                "2026-11-25 23:30:00  step 5000 epoch 12.8 loss 1.1",
                "2026-11-26 04:00:00  Resumed from runs/teacher/checkpoint at step 5000",
                "2026-11-26 04:10:00  step 5100 epoch 13.1 loss 1.0",
                "2026-11-26 09:00:00  Resumed from runs/teacher/checkpoint at step 5100",
                "2026-11-26 09:05:00  Wrote runs/teacher/model.safetensors");

        assertThat(RunInfo.trainingTime(log)).isEqualTo(Duration.ofMinutes(30 + 10 + 5));
    }

    @Test
    void anEmptyLogHasNoTrainingTime() {
        assertThat(RunInfo.trainingTime(List.of())).isZero();
    }

    @Test
    void aStudentsTargetRhoIsNamedAsOneValueOrAsTheRangeItWasSampledFrom() throws Exception {
        assertThat(withConfig("{\"teacher\": \"runs/teacher\", \"rho\": 0.7, \"rhoMin\": 0.7, \"rhoMax\": 0.7}").targetRho())
                .contains("target ρ 0.7");
        assertThat(withConfig("{\"teacher\": \"runs/teacher\", \"rho\": 0.7, \"rhoMin\": 0.5, \"rhoMax\": 1.0}").targetRho())
                .contains("target ρ sampled per batch from [0.5, 1]");
    }

    @Test
    void aTeachersRunHasNoTargetRho() throws Exception {
        assertThat(withConfig("{\"teacher\": null, \"rho\": 0.7, \"rhoMin\": 0.7, \"rhoMax\": 0.7}").targetRho()).isEmpty();
    }

    private static RunInfo withConfig(String json) throws Exception {
        JsonNode config = new ObjectMapper().readTree(json);
        return new RunInfo(config, new ObjectMapper().createObjectNode(), Duration.ZERO, Optional.empty());
    }
}
