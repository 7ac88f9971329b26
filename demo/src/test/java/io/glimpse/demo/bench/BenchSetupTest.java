package io.glimpse.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.demo.ModelFiles;
import io.glimpse.streams.GlimpseConfig;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

/** How the benchmark learns, before starting an instance, that a build refuses a run's settings. */
class BenchSetupTest {

    private final BenchSetup setup = new BenchSetup("localhost:9092", "http://localhost:8080", new ModelFiles(
            Path.of("config.json"), Path.of("model.safetensors"), Path.of("labels.txt"), "test", false), 64, 16, 1, 4, 2, null,
            Map.of(), "test");

    @Test
    void shouldAcceptTheFixedKeepRatio() {
        assertThat(setup.refusal(Map.of(GlimpseConfig.KEEP_RATIO_CONFIG, 0.5))).isEmpty();
    }

    @Test
    void shouldReportAnUnknownKeyAsTheRefusal() {
        assertThat(setup.refusal(Map.of("glimpse.keep.ratio.polcy", "adaptive")))
                .hasValueSatisfying(message -> assertThat(message).contains("glimpse.keep.ratio.polcy"));
    }

    @Test
    void shouldFallBackToTheFixedKeepRatioAlone() {
        RunPlan plan = RunPlan.fixed(0.5, 0.5, 1.0, 250, 99);

        assertThat(plan.name()).isEqualTo("fixed-0.50");
        assertThat(plan.properties()).containsEntry(RunPlan.POLICY_CONFIG, "fixed").containsEntry(RunPlan.SLO_MS_CONFIG, 250L);
        assertThat(plan.withoutPolicyKeys().properties()).containsExactly(Map.entry(GlimpseConfig.KEEP_RATIO_CONFIG, 0.5));
        assertThat(RunPlan.adaptive(0.5, 1.0, 250, 99).properties())
                .containsEntry(RunPlan.POLICY_CONFIG, "adaptive")
                .containsEntry(RunPlan.MIN_CONFIG, 0.5)
                .containsEntry(RunPlan.MAX_CONFIG, 1.0);
    }
}
