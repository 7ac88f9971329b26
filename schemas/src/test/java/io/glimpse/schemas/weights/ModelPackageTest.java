package io.glimpse.schemas.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.schemas.avro.RhoAccuracy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelPackageTest {

    @Test
    void shouldCopyTheWeightsInAndOut() {
        byte[] weights = {1, 2, 3};
        ModelPackage p = Packages.of("v1", weights);

        weights[0] = 9;
        p.getWeights()[1] = 9;

        assertThat(p.getWeights()).containsExactly(1, 2, 3);
        assertThat(p.getWeightsSize()).isEqualTo(3);
    }

    @Test
    void shouldCopyTheAccuracyRecordsInAndOut() {
        List<RhoAccuracy> accuracy = new ArrayList<>(List.of(new RhoAccuracy(0.7f, 0.88f, null, null)));
        ModelPackage p = Packages.builder().optAccuracy(accuracy).build();

        accuracy.get(0).put("top1", 0.1f);
        p.getAccuracy().get(0).put("top1", 0.2f);
        accuracy.clear();

        assertThat(p.getAccuracy()).singleElement().extracting(RhoAccuracy::getTop1).isEqualTo(0.88f);
    }

    @Test
    void shouldDefaultToSafetensorsAndNoLabelsAccuracyOrMetrics() {
        ModelPackage p = Packages.builder().build();

        assertThat(p.getWeightsFormat()).isEqualTo("safetensors");
        assertThat(p.getClassLabels()).isEmpty();
        assertThat(p.getAccuracy()).isEmpty();
        assertThat(p.getMetrics()).isEmpty();
    }

    @Test
    void shouldRequireVersionArchitectureConfigAndWeights() {
        assertThatThrownBy(() -> ModelPackage.builder().setArchitecture("dynamicvit").setConfigJson("{}")
                .setWeights(new byte[1]).build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("setVersion");
        assertThatThrownBy(() -> ModelPackage.builder().setVersion("v1").setArchitecture("dynamicvit").setConfigJson("{}")
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("setWeights");
    }

    @Test
    void shouldRefuseWhatCannotBePublished() {
        ModelPackage.Builder b = ModelPackage.builder();

        assertThatThrownBy(() -> b.setVersion("a/b")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> b.setVersion("a b")).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> b.setVersion("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> b.setConfigJson("[1, 2]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> b.setConfigJson("{oops")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> b.setWeights(new byte[0])).hasMessageContaining("empty");
    }
}
