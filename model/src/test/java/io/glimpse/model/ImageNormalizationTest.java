package io.glimpse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

import java.util.List;

class ImageNormalizationTest {

    /** A 2x1 image: left pixel (0, 128, 255), right pixel (255, 0, 64). */
    private static final byte[] TWO_PIXELS = {0, (byte) 128, (byte) 255, (byte) 255, 0, 64};

    @Test
    void shouldNormaliseWithTheImageNetMeanAndStd() {
        float[] chw = ImageNormalization.toChw(TWO_PIXELS, 2, 1);

        assertThat(chw).hasSize(6);
        assertThat(chw[0]).isCloseTo((0f - 0.485f) / 0.229f, within(1e-6f));
        assertThat(chw[2]).isCloseTo((128 / 255f - 0.456f) / 0.224f, within(1e-6f));
        assertThat(chw[4]).isCloseTo((1f - 0.406f) / 0.225f, within(1e-6f));
        assertThat(ImageNormalization.getMean()).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(ImageNormalization.getStd()).containsExactly(0.229f, 0.224f, 0.225f);
    }

    @Test
    void shouldLayOutChannelsFirst() {
        float[] chw = ImageNormalization.toChw(TWO_PIXELS, 2, 1);

        // [R(0,0), R(1,0), G(0,0), G(1,0), B(0,0), B(1,0)]
        assertThat(chw[1]).isCloseTo((1f - 0.485f) / 0.229f, within(1e-6f));
        assertThat(chw[3]).isCloseTo((0f - 0.456f) / 0.224f, within(1e-6f));
        assertThat(chw[5]).isCloseTo((64 / 255f - 0.406f) / 0.225f, within(1e-6f));
    }

    @Test
    void shouldMirrorColumnsWhenFlipped() {
        float[] plain = ImageNormalization.toChw(TWO_PIXELS, 2, 1);
        float[] flipped = new float[8];

        ImageNormalization.toChw(TWO_PIXELS, 2, 1, true, flipped, 2);

        assertThat(flipped).containsExactly(0, 0, plain[1], plain[0], plain[3], plain[2], plain[5], plain[4]);
    }

    @Test
    void shouldRefuseToWritePastTheEndOfTheArrayOrReadAWrongSize() {
        assertThatThrownBy(() -> ImageNormalization.toChw(TWO_PIXELS, 2, 1, false, new float[8], 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ImageNormalization.toChw(TWO_PIXELS, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12 bytes");
    }

    @Test
    void shouldBatchImagesAsTheSameBitsAsOneByOne() {
        byte[] other = {10, 20, 30, 40, 50, 60};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = ImageNormalization.toBatch(manager, List.of(TWO_PIXELS, other), 2, 1);

            assertThat(batch.getShape()).isEqualTo(new Shape(2, 3, 1, 2));
            float[] first = ImageNormalization.toChw(TWO_PIXELS, 2, 1);
            float[] second = ImageNormalization.toChw(other, 2, 1);
            float[] expected = new float[12];
            System.arraycopy(first, 0, expected, 0, 6);
            System.arraycopy(second, 0, expected, 6, 6);
            assertThat(batch.toFloatArray()).containsExactly(expected);
        }
    }
}
