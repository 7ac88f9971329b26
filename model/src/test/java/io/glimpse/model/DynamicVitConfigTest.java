package io.glimpse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class DynamicVitConfigTest {

    @Test
    void shouldDescribeDeitSmallAsThePaperDoes() {
        DynamicVitConfig s = DynamicVitConfig.preset("deit-s");
        assertThat(s.getPatchCount()).isEqualTo(196);
        assertThat(s.getEmbeddingSize()).isEqualTo(384);
        assertThat(s.getHeadCount()).isEqualTo(6);
        assertThat(s.getMlpHiddenSize()).isEqualTo(1536);
        assertThat(s.getPruneAt()).containsExactly(3, 6, 9);
    }

    @Test
    void shouldReadTheFixtureLayoutAndWriteItBack() throws Exception {
        String json = "{\"which\":\"x\",\"model\":{\"img_size\":[32,48],\"patch_size\":8,\"in_chans\":3,"
                + "\"embed_dim\":64,\"depth\":5,\"num_heads\":4,\"mlp_ratio\":2,\"qkv_bias\":false,"
                + "\"num_classes\":7,\"pruning_loc\":[2,4]}}";
        DynamicVitConfig config = DynamicVitConfig.fromJson(new ObjectMapper().readTree(json));
        assertThat(config.getGridRows()).isEqualTo(4);
        assertThat(config.getGridColumns()).isEqualTo(6);
        assertThat(config.hasQkvBias()).isFalse();
        assertThat(config.getStageCount()).isEqualTo(2);
        assertThat(DynamicVitConfig.fromJson(config.toJson())).isEqualTo(config);
    }

    @Test
    void shouldRejectAnEmbeddingNotDivisibleByTheHeads() {
        assertThatThrownBy(() -> base().setHeadCount(5).build()).hasMessageContaining("not divisible by the head count 5");
    }

    @Test
    void shouldRejectPruningAtOrPastTheLastBlock() {
        assertThatThrownBy(() -> base().optPruneAt(1, 4).build()).hasMessageContaining("outside [1, depth=4)");
    }

    @Test
    void shouldRejectAnImageThatIsNotAWholeNumberOfPatches() {
        assertThatThrownBy(() -> base().setImageSize(30).build()).hasMessageContaining("not a multiple of the patch size");
    }

    @Test
    void shouldRejectUnknownKeysSoTyposDoNotPassSilently() {
        assertThatThrownBy(() -> DynamicVitConfig.fromJson(new ObjectMapper().readTree(
                "{\"img_size\":32,\"patch_size\":8,\"embed_dim\":16,\"depth\":2,\"num_heads\":2,\"num_classes\":3,\"pruning_locs\":[1]}")))
                .hasMessageContaining("pruning_locs");
    }

    @Test
    void shouldDropThePredictorsForTheDenseTeacher() {
        assertThat(base().build().dense().getStageCount()).isZero();
    }

    private static DynamicVitConfig.Builder base() {
        return DynamicVitConfig.builder().setImageSize(32).setPatchSize(8).setEmbeddingSize(16).setDepth(4)
                .setHeadCount(2).setClassCount(3).optPruneAt(1, 3);
    }
}
