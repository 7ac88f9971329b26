package io.glimpse.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.io.StateDict;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WeightAverageTest {

    private static final DynamicVitConfig CONFIG = DynamicVitConfig.builder().setImageSize(32).setPatchSize(8)
            .setEmbeddingSize(16).setDepth(2).setHeadCount(2).setClassCount(10).optPruneAt(1).build();

    @Test
    void shouldMoveTowardsTheWeightsByOneMinusDecayAndSwapBackAndForth() {
        try (DynamicVit model = DynamicVit.initialize(CONFIG, 1); NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = StateDict.parameters(model.getBlock());
            Map<String, NDArray> start = snapshot(params, manager);
            try (WeightAverage average = new WeightAverage(params, 0.75, model.getModel().getNDManager())) {
                params.values().forEach(p -> p.getArray().addi(1f));
                average.update();

                average.swap();
                params.forEach((name, p) -> assertThat(p.getArray().allClose(start.get(name).add(0.25f), 1e-6, 1e-6,
                        false)).as(name).isTrue());
                average.swap();
                params.forEach((name, p) -> assertThat(p.getArray().allClose(start.get(name).add(1f), 1e-6, 1e-6,
                        false)).as(name).isTrue());
            }
        }
    }

    @Test
    void shouldLoadSavedAveragesAndRefuseOnesThatDoNotMatch() {
        try (DynamicVit model = DynamicVit.initialize(CONFIG, 1); DynamicVit other = DynamicVit.initialize(CONFIG, 2);
                WeightAverage average = new WeightAverage(StateDict.parameters(model.getBlock()), 0.9,
                        model.getModel().getNDManager());
                WeightAverage saved = new WeightAverage(StateDict.parameters(other.getBlock()), 0.9,
                        other.getModel().getNDManager())) {
            average.load(saved.tensors());
            average.swap();
            Map<String, Parameter> theirs = StateDict.parameters(other.getBlock());
            StateDict.parameters(model.getBlock()).forEach((name, p) ->
                    assertThat(p.getArray().contentEquals(theirs.get(name).getArray())).as(name).isTrue());

            NDList missingOne = saved.tensors();
            missingOne.remove(0);
            assertThatThrownBy(() -> average.load(missingOne)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no tensor");
        }
    }

    @Test
    void shouldRefuseADecayOutsideZeroToOne() {
        try (DynamicVit model = DynamicVit.initialize(CONFIG, 1)) {
            Map<String, Parameter> params = StateDict.parameters(model.getBlock());
            assertThatThrownBy(() -> new WeightAverage(params, 1.0, model.getModel().getNDManager()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1)");
        }
    }

    private static Map<String, NDArray> snapshot(Map<String, Parameter> params, NDManager manager) {
        Map<String, NDArray> copy = new LinkedHashMap<>();
        params.forEach((name, p) -> {
            NDArray a = p.getArray().duplicate();
            a.attach(manager);
            copy.put(name, a);
        });
        return copy;
    }
}
