package io.glimpse.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Parameter;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.io.StateDict;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ParameterGroupsTest {

    private static final DynamicVitConfig CONFIG = DynamicVitConfig.builder().setImageSize(32).setPatchSize(8)
            .setEmbeddingSize(16).setDepth(2).setHeadCount(2).setClassCount(10).optPruneAt(1).build();

    @Test
    void shouldSplitPredictorsFromBackboneAndBiasesAndNormsFromDecayedWeights() {
        try (DynamicVit model = DynamicVit.initialize(CONFIG, 1)) {
            Map<String, Parameter> all = StateDict.parameters(model.getBlock());
            Set<String> frozen = Set.of("cls_token", "pos_embed");

            Map<String, Parameter> backboneDecay = ParameterGroups.select(all, false, false, frozen);
            Map<String, Parameter> backboneNoDecay = ParameterGroups.select(all, false, true, frozen);
            Map<String, Parameter> predictorDecay = ParameterGroups.select(all, true, false, frozen);
            Map<String, Parameter> predictorNoDecay = ParameterGroups.select(all, true, true, frozen);

            assertThat(backboneDecay).containsKeys("blocks.0.attn.qkv.weight", "head.weight", "patch_embed.proj.weight")
                    .doesNotContainKeys("blocks.0.norm1.weight", "head.bias", "cls_token");
            assertThat(backboneNoDecay).containsKeys("blocks.0.norm1.weight", "head.bias", "norm.bias")
                    .doesNotContainKeys("cls_token", "pos_embed");
            assertThat(predictorDecay.keySet()).allMatch(n -> n.startsWith("score_predictor.") && n.endsWith(".weight"));
            assertThat(predictorNoDecay.keySet()).allMatch(n -> n.startsWith("score_predictor."));
            assertThat(backboneDecay.size() + backboneNoDecay.size() + predictorDecay.size() + predictorNoDecay.size())
                    .isEqualTo(all.size() - frozen.size());
        }
    }
}
