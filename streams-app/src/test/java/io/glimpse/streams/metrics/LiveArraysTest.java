package io.glimpse.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

class LiveArraysTest {

    @Test
    void shouldCountTheArraysAliveAndForgetThemOnceClosed() {
        double before = LiveArrays.count();
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.ones(new Shape(2, 2));
            try (NDManager batch = manager.newSubManager()) {
                batch.zeros(new Shape(3));
                assertThat(LiveArrays.count()).as("an array of a manager and one of its child").isEqualTo(before + 2);
            }
            assertThat(LiveArrays.count()).isEqualTo(before + 1);
        }
        assertThat(LiveArrays.count()).isEqualTo(before);
    }
}
