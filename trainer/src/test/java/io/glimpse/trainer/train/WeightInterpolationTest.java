package io.glimpse.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;

class WeightInterpolationTest {

    @Test
    void shouldWeighTheFineTuneByAlphaAndTheStartByOneMinusAlphaUnderTheSameNames() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList start = tensors(manager, new float[] {0, 0, 0}, new float[] {1, 2});
            NDList fineTuned = tensors(manager, new float[] {4, 8, -4}, new float[] {1, 6});

            NDList mixed = WeightInterpolation.interpolate(start, fineTuned, 0.25);

            assertThat(mixed.get(0).getName()).isEqualTo("blocks.0.weight");
            assertThat(mixed.get(0).toFloatArray()).containsExactly(1f, 2f, -1f);
            assertThat(mixed.get(1).getName()).isEqualTo("head.bias");
            assertThat(mixed.get(1).toFloatArray()).containsExactly(1f, 3f);
            assertThat(WeightInterpolation.interpolate(start, fineTuned, 0).get(1).toFloatArray()).containsExactly(1f, 2f);
            assertThat(WeightInterpolation.interpolate(start, fineTuned, 1).get(1).toFloatArray()).containsExactly(1f, 6f);
        }
    }

    @Test
    void shouldRefuseModelsWhoseTensorsDifferInNameOrShape() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList start = tensors(manager, new float[] {0, 0, 0}, new float[] {1, 2});
            NDList otherShape = tensors(manager, new float[] {0, 0}, new float[] {1, 2});
            NDList fewer = new NDList(start.get(0));

            assertThatThrownBy(() -> WeightInterpolation.interpolate(start, otherShape, 0.5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blocks.0.weight has shape (3)");
            assertThatThrownBy(() -> WeightInterpolation.interpolate(start, fewer, 0.5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only one has [head.bias]");
            assertThatThrownBy(() -> WeightInterpolation.interpolate(start, start, 1.5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha must be in [0, 1]");
        }
    }

    private static NDList tensors(NDManager manager, float[] weight, float[] bias) {
        NDArray w = manager.create(weight);
        w.setName("blocks.0.weight");
        NDArray b = manager.create(bias);
        b.setName("head.bias");
        return new NDList(w, b);
    }
}
