package io.glimpse.streams.rho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.glimpse.model.CostProfile;
import io.glimpse.streams.GlimpseConfig;
import io.glimpse.streams.frames.DecodedFrame;
import io.glimpse.streams.inference.FrameClassification;
import io.glimpse.streams.inference.FrameClassifier;
import io.glimpse.streams.inference.KeepRatioPolicy.BatchContext;
import io.glimpse.streams.inference.ModelInput;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** From settings to a running controller in one call: the settings, the card, the profile, start-up measurement. */
class KeepRatioPoliciesTest {

    private final long[] nanos = {0};
    private final List<String> calls = new ArrayList<>();

    /** A model of 4x4 frames that takes the simulation's cost on the scripted clock. */
    private final FrameClassifier model = new FrameClassifier() {
        @Override
        public List<FrameClassification> classify(List<DecodedFrame> frames, double keepRatio) {
            calls.add(frames.size() + "@" + keepRatio);
            nanos[0] += (long) (ControllerSimulationTest.cost(frames.size(), keepRatio) * 1e6);
            List<FrameClassification> out = new ArrayList<>();
            for (DecodedFrame f : frames) {
                out.add(new FrameClassification(new float[] {1f}, List.of(), keepRatio, "v", 1, frames.size()));
            }
            return out;
        }

        @Override
        public ModelInput input() {
            return new ModelInput(4, 4, 2);
        }

        @Override
        public List<String> labels() {
            return List.of("only");
        }
    };

    private KeepRatioController create(Map<String, Object> settings) {
        return KeepRatioPolicies.create(settings, model, () -> nanos[0]);
    }

    @Test
    void shouldDefaultToTheFixedRatioThatStillMeasuresLatency() {
        KeepRatioController controller = create(Map.of("glimpse.keep.ratio", 0.6));

        assertThat(controller).isInstanceOf(FixedKeepRatioController.class);
        assertThat(controller.keepRatio(BatchContext.of(16, 1000))).isEqualTo(0.6);
        assertThat(controller.status().sloMillis()).isEqualTo(250);
        assertThat(calls).as("no start-up measurement for a fixed ρ").isEmpty();
    }

    @Test
    void shouldMeasureAProfileAtStartUpWhenNoneIsConfigured() {
        KeepRatioController controller = create(Map.of("glimpse.keep.ratio.policy", "adaptive",
                "glimpse.batch.max.size", 8, "glimpse.keep.ratio.min", 0.6));

        assertThat(controller).isInstanceOf(AdaptiveKeepRatioPolicy.class);
        assertThat(calls).contains("1@0.6", "2@0.8", "4@1.0", "8@0.6").doesNotContain("16@1.0");
        assertThat(controller.status().floor()).isEqualTo(0.6);
        assertThat(controller.keepRatio(BatchContext.of(8, 0))).isEqualTo(1.0);
        assertThat(controller.keepRatio(new BatchContext(8, 800, 0, 0, 1, 8, 0, 0))).isEqualTo(0.6);
    }

    @Test
    void shouldMeasureOnTheSuppliedModelAndClockExactly() {
        CostProfile profile = StartupProfiler.measure(model, 16, 0.5, 1.0, java.time.Duration.ZERO, () -> nanos[0]);

        assertThat(profile.getBatchSizes()).containsExactly(1, 4, 8, 16);
        assertThat(profile.getKeepRatios()).containsExactly(0.5, 0.75, 1.0);
        assertThat(profile.predictMillis(16, 0.75)).isCloseTo(ControllerSimulationTest.cost(16, 0.75), within(1e-3));
        assertThat(calls).as("a warm-up and one timed pass: the budget was 0").hasSize(2 * 12);
    }

    @Test
    void shouldReadAConfiguredProfileAndTheCardBesideTheModelConfig(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("profile.json");
        ControllerSimulationTest.profileOf(1.0).write(profile);
        Files.copy(Path.of("../models/fashion-video/card.json"), dir.resolve("card.json"));
        Files.copy(Path.of("../models/fashion-video/config.json"), dir.resolve("config.json"));

        KeepRatioController controller = create(Map.of("glimpse.keep.ratio.policy", "adaptive",
                "glimpse.keep.ratio.profile", profile.toString(), "glimpse.model.config", dir.resolve("config.json").toString(),
                "glimpse.keep.ratio.min", 0.3, "glimpse.latency.slo.ms", 100L));

        assertThat(calls).as("the profile was read, not measured").isEmpty();
        assertThat(controller.status().floor()).as("raised to the trained range").isEqualTo(0.5);
        assertThat(controller.status().ceiling()).as("no higher ρ is more accurate").isEqualTo(0.7);
        assertThat(controller.status().sloMillis()).isEqualTo(100);
    }

    @Test
    void shouldRefuseAnUnreadableProfileOrCardAndAnEmptyRange(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"points\": []}");

        assertThatThrownBy(() -> create(Map.of("glimpse.keep.ratio.policy", "adaptive", "glimpse.keep.ratio.profile",
                bad.toString()))).isInstanceOf(ConfigException.class).hasMessageContaining("glimpse.keep.ratio.profile");
        assertThatThrownBy(() -> create(Map.of("glimpse.keep.ratio.policy", "adaptive", "glimpse.model.card",
                dir.resolve("missing.json").toString()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("glimpse.model.card");
        assertThatThrownBy(() -> create(Map.of("glimpse.keep.ratio.min", 0.9, "glimpse.keep.ratio.max", 0.8)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must not exceed");
        Files.copy(Path.of("../models/fashion-video/card.json"), dir.resolve("card.json"));
        assertThatThrownBy(() -> create(Map.of("glimpse.keep.ratio.policy", "adaptive", "glimpse.model.card",
                dir.resolve("card.json").toString(), "glimpse.keep.ratio.min", 0.3, "glimpse.keep.ratio.max", 0.4)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("below the floor 0.5");
        assertThatThrownBy(() -> create(Map.of("glimpse.keep.ratio.policy", "pid")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldDefineItsKeysWithDefaultsAndAgreeWithGlimpseOnTheKeysItBorrows() {
        ConfigDef def = KeepRatioSettings.define(new ConfigDef());
        Map<String, Object> defaults = def.defaultValues();

        assertThat(defaults).containsEntry("glimpse.keep.ratio.policy", "fixed")
                .containsEntry("glimpse.keep.ratio.min", 0.5)
                .containsEntry("glimpse.keep.ratio.max", 1.0)
                .containsEntry("glimpse.latency.slo.ms", 250L)
                .containsEntry("glimpse.latency.slo.percentile", 99.0)
                .containsEntry("glimpse.keep.ratio.profile", "")
                .containsEntry("glimpse.model.card", "");
        Map<String, Object> glimpse = GlimpseConfig.configDef().defaultValues();
        KeepRatioSettings parsed = KeepRatioSettings.from(new HashMap<>());
        assertThat(parsed.fixedKeepRatio()).isEqualTo(glimpse.get(KeepRatioSettings.FIXED_KEEP_RATIO_CONFIG));
        assertThat(parsed.maxBatchSize()).isEqualTo(glimpse.get(KeepRatioSettings.BATCH_MAX_SIZE_CONFIG));
        assertThat(GlimpseConfig.configDef().names()).contains(KeepRatioSettings.MODEL_CONFIG_CONFIG);
    }

    @Test
    void shouldParseRawStringsAsWellAsParsedValues() {
        KeepRatioSettings settings = KeepRatioSettings.from(Map.of("glimpse.keep.ratio.policy", "adaptive",
                "glimpse.latency.slo.ms", "120", "glimpse.latency.slo.percentile", "95", "other.key", "ignored"));

        assertThat(settings.policy()).isEqualTo(KeepRatioSettings.Policy.ADAPTIVE);
        assertThat(settings.slo().toMillis()).isEqualTo(120);
        assertThat(settings.sloPercentile()).isEqualTo(95);
        assertThat(settings.profile()).isEmpty();
    }
}
