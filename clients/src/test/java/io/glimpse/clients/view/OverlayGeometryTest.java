package io.glimpse.clients.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OverlayGeometryTest {

    @Test
    void shouldPlacePatchesRowMajorOnASquareGrid() {
        OverlayGeometry g = new OverlayGeometry(14, 14, 224, 224);

        assertThat(g.rect(0)).isEqualTo(new PixelRect(0, 0, 16, 16));
        assertThat(g.rect(13)).isEqualTo(new PixelRect(208, 0, 16, 16));
        assertThat(g.rect(14)).as("id = row * cols + col: first patch of row 1").isEqualTo(new PixelRect(0, 16, 16, 16));
        assertThat(g.rect(14 * 5 + 3)).isEqualTo(new PixelRect(48, 80, 16, 16));
        assertThat(g.rect(195)).isEqualTo(new PixelRect(208, 208, 16, 16));
    }

    @Test
    void shouldUseColumnsNotRowsOnANonSquareGrid() {
        OverlayGeometry g = new OverlayGeometry(2, 4, 400, 100);

        assertThat(g.rect(3)).isEqualTo(new PixelRect(300, 0, 100, 50));
        assertThat(g.rect(4)).isEqualTo(new PixelRect(0, 50, 100, 50));
        assertThat(g.rect(6)).isEqualTo(new PixelRect(200, 50, 100, 50));
    }

    @Test
    void shouldScaleTheGridToADisplayedImageOfAnotherSize() {
        OverlayGeometry g = new OverlayGeometry(4, 4, 64, 64);

        assertThat(g.rect(5)).isEqualTo(new PixelRect(16, 16, 16, 16));
    }

    @Test
    void shouldTileAnImageTheGridDoesNotDivideWithoutGapOrOverlap() {
        OverlayGeometry g = new OverlayGeometry(3, 7, 100, 50);
        long covered = 0;
        for (int id = 0; id < 21; id++) {
            PixelRect r = g.rect(id);
            assertThat(r.width()).isBetween(14, 15);
            assertThat(r.height()).isBetween(16, 17);
            covered += (long) r.width() * r.height();
            if (id % 7 < 6) {
                assertThat(g.rect(id + 1).x()).isEqualTo(r.x() + r.width());
            }
        }
        assertThat(covered).isEqualTo(100 * 50);
        assertThat(g.rect(20)).satisfies(r -> {
            assertThat(r.x() + r.width()).isEqualTo(100);
            assertThat(r.y() + r.height()).isEqualTo(50);
        });
    }

    @Test
    void shouldRefuseAnIdOutsideTheGrid() {
        OverlayGeometry g = new OverlayGeometry(2, 3, 60, 40);
        assertThatThrownBy(() -> g.rect(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.rect(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
