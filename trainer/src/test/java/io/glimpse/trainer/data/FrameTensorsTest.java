package io.glimpse.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FrameTensorsTest {

    /** A 2x1 frame: left pixel (0, 128, 255), right pixel (255, 0, 64). */
    private static final Frame TWO_PIXELS = new Frame(2, 1,
            new byte[] {0, (byte) 128, (byte) 255, (byte) 255, 0, 64}, 3, 0, 0, new BoundingBox(0, 0, 1, 1));

    @Test
    void shouldNormaliseWithTheImageNetMeanAndStd() {
        float[] chw = FrameTensors.toChw(TWO_PIXELS);

        assertThat(chw).hasSize(6);
        assertThat(chw[0]).isCloseTo((0f - 0.485f) / 0.229f, within(1e-6f));
        assertThat(chw[2]).isCloseTo((128 / 255f - 0.456f) / 0.224f, within(1e-6f));
        assertThat(chw[4]).isCloseTo((1f - 0.406f) / 0.225f, within(1e-6f));
        assertThat(FrameTensors.getMean()).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(FrameTensors.getStd()).containsExactly(0.229f, 0.224f, 0.225f);
    }

    @Test
    void shouldLayOutChannelsFirst() {
        float[] chw = FrameTensors.toChw(TWO_PIXELS);

        // [R(0,0), R(1,0), G(0,0), G(1,0), B(0,0), B(1,0)]
        assertThat(chw[1]).isCloseTo((1f - 0.485f) / 0.229f, within(1e-6f));
        assertThat(chw[3]).isCloseTo((0f - 0.456f) / 0.224f, within(1e-6f));
        assertThat(chw[5]).isCloseTo((64 / 255f - 0.406f) / 0.225f, within(1e-6f));
    }

    @Test
    void shouldMirrorColumnsWhenFlipped() {
        float[] plain = FrameTensors.toChw(TWO_PIXELS);
        float[] flipped = new float[8];

        FrameTensors.toChw(TWO_PIXELS, true, flipped, 2);

        assertThat(flipped).containsExactly(0, 0, plain[1], plain[0], plain[3], plain[2], plain[5], plain[4]);
    }

    @Test
    void shouldRefuseToWritePastTheEndOfTheArray() {
        assertThatThrownBy(() -> FrameTensors.toChw(TWO_PIXELS, false, new float[8], 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldKeepTheFrameItWasGiven() {
        byte[] pixels = {1, 2, 3};
        Frame frame = new Frame(1, 1, pixels, 0, 0, 0, new BoundingBox(0, 0, 1, 1));
        pixels[0] = 99;

        assertThat(frame.getPixel(0, 0, 0)).isEqualTo(1);
        assertThatThrownBy(() -> new Frame(2, 2, pixels, 0, 0, 0, new BoundingBox(0, 0, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12 bytes");
    }
}
