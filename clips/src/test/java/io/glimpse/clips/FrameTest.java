package io.glimpse.clips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameTest {

    @Test
    void shouldKeepThePixelsItWasGiven() {
        byte[] pixels = {1, 2, 3};
        Frame frame = new Frame(1, 1, pixels, 0, 0, 0, new BoundingBox(0, 0, 1, 1));
        pixels[0] = 99;

        assertThat(frame.getPixel(0, 0, 0)).isEqualTo(1);
        assertThat(frame.getPixels()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldRefusePixelsOfTheWrongSize() {
        assertThatThrownBy(() -> new Frame(2, 2, new byte[3], 0, 0, 0, new BoundingBox(0, 0, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12 bytes");
    }
}
