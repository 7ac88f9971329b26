package io.glimpse.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CollectionWindowTest {

    @Test
    void shouldCollectBeforeAStepOnceTheYoungGenerationPassesTheThreshold() {
        CollectionWindow window = new CollectionWindow(0);
        long mark = window.mark();

        window.beforeStep();

        assertThat(window.getCollections()).isEqualTo(1);
        assertThat(window.collectedSince(mark)).isTrue();
    }

    @Test
    void shouldSeeNoCollectionInAWindowWithoutOne() {
        CollectionWindow window = new CollectionWindow(Long.MAX_VALUE);
        window.beforeStep();
        long mark = window.mark();

        assertThat(window.getCollections()).isZero();
        assertThat(window.collectedSince(mark)).isFalse();
    }
}
