package io.glimpse.resize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

class FrameResizerTest {


    @Test
    void fitLetterboxesA4By3FrameIntoTheMiddleRows() {
        InputMapping m = new FrameResizer(64, 64, ResizePolicy.FIT).plan(640, 480);
        assertThat(m).isEqualTo(new InputMapping(640, 480, 0, 0, 640, 480, 0, 8, 64, 48));
    }

    @Test
    void cropCutsTheSidesOfA16By9FrameEqually() {
        InputMapping m = new FrameResizer(64, 64, ResizePolicy.CROP).plan(1280, 720);
        assertThat(m.sourceX()).isCloseTo(280, within(1e-9));
        assertThat(m.sourceWidth()).isCloseTo(720, within(1e-9));
        assertThat(m.sourceHeight()).isCloseTo(720, within(1e-9));
        assertThat(m.inputWidth()).isEqualTo(64);
    }

    @Test
    void stretchUsesTheWholeFrameAndTheWholeInput() {
        assertThat(new FrameResizer(64, 64, ResizePolicy.STRETCH).plan(640, 480))
                .isEqualTo(new InputMapping(640, 480, 0, 0, 640, 480, 0, 0, 64, 64));
    }

    @Test
    void aFrameOfTheModelsSizeIsUsedAsItIs() {
        FrameResizer resizer = new FrameResizer(64, 64, ResizePolicy.FIT);
        byte[] rgb = new byte[64 * 64 * 3];
        InputMapping m = resizer.plan(64, 64);
        assertThat(m.isIdentity()).isTrue();
        assertThat(resizer.resize(rgb, m)).isSameAs(rgb);
    }

    @Test
    void shrinkingAveragesTheAreaEachInputPixelCovers() {
        // 4x4 checkerboard of 0 and 200 into 2x2 stretch: every output pixel covers two of each, so 100.
        byte[] checker = new byte[4 * 4 * 3];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                Arrays.fill(checker, (y * 4 + x) * 3, (y * 4 + x) * 3 + 3, (byte) (((x + y) % 2) * 200));
            }
        }
        FrameResizer resizer = new FrameResizer(2, 2, ResizePolicy.STRETCH);
        assertThat(resizer.resize(checker, resizer.plan(4, 4))).containsOnly((byte) 100);
    }

    @Test
    void aUniformFrameStaysUniformAtAnyScaleAndPaddingIsBlack() {
        byte[] frame = new byte[1280 * 720 * 3];
        Arrays.fill(frame, (byte) 77);
        FrameResizer resizer = new FrameResizer(64, 64, ResizePolicy.FIT);
        InputMapping m = resizer.plan(1280, 720);
        byte[] input = resizer.resize(frame, m);
        for (int y = 0; y < 64; y++) {
            boolean inside = y >= m.inputY() && y < m.inputY() + m.inputHeight();
            byte expected = inside ? (byte) 77 : 0;
            assertThat(Arrays.copyOfRange(input, y * 64 * 3, (y + 1) * 64 * 3)).as("row %d", y).containsOnly(expected);
        }
    }

    @Test
    void enlargingInterpolatesBetweenNeighbours() {
        byte[] two = {0, 0, 0, (byte) 200, (byte) 200, (byte) 200}; // 2x1: black, grey
        FrameResizer resizer = new FrameResizer(4, 1, ResizePolicy.STRETCH);
        byte[] out = resizer.resize(two, resizer.plan(2, 1));
        assertThat(new int[] {out[0] & 0xff, out[3] & 0xff, out[6] & 0xff, out[9] & 0xff}).containsExactly(0, 50, 150, 200);
    }

    @Test
    void aPointOfTheInputMapsBackOntoTheFrame() {
        InputMapping m = new FrameResizer(64, 64, ResizePolicy.FIT).plan(640, 480);
        // The input's centre is the frame's centre; the top of the picture (input row 8) is frame row 0.
        double x = m.sourceX() + (32 - m.inputX()) * m.sourceWidth() / m.inputWidth();
        double y = m.sourceY() + (8 - m.inputY()) * m.sourceHeight() / m.inputHeight();
        assertThat(x).isCloseTo(320, within(1e-9));
        assertThat(y).isCloseTo(0, within(1e-9));
    }
}
