package io.glimpse.clips;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundingBoxTest {

    @Test
    void shouldMarkEveryPatchTheBoxOverlapsAndNoOther() {
        // 24x16 canvas, 8-pixel patches: 3 columns, 2 rows. Columns 7..8 straddle patches 0 and 1.
        boolean[] mask = new BoundingBox(7, 9, 2, 3).patchMask(24, 16, 8);

        assertThat(mask).containsExactly(false, false, false, true, true, false);
    }

    @Test
    void shouldMarkNoPatchForAnEmptyBox() {
        assertThat(new BoundingBox(3, 3, 0, 5).patchMask(16, 16, 8)).containsOnly(false);
    }

    @Test
    void shouldMirrorAcrossTheCanvas() {
        BoundingBox box = new BoundingBox(2, 5, 10, 4);

        assertThat(box.mirrored(64)).isEqualTo(new BoundingBox(52, 5, 10, 4));
        assertThat(box.mirrored(64).mirrored(64)).isEqualTo(box);
    }

    @Test
    void shouldTellWhetherItLiesOnTheCanvas() {
        assertThat(new BoundingBox(0, 0, 64, 64).isInside(64, 64)).isTrue();
        assertThat(new BoundingBox(1, 0, 64, 64).isInside(64, 64)).isFalse();
        assertThat(new BoundingBox(-1, 3, 5, 5).isInside(64, 64)).isFalse();
        assertThat(new BoundingBox(4, 4, 2, 2).contains(5, 5)).isTrue();
        assertThat(new BoundingBox(4, 4, 2, 2).contains(6, 5)).isFalse();
    }
}
