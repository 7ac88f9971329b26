package io.glimpse.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.clips.BoundingBox;
import io.glimpse.clips.Frame;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class PicturesTest {

    @Test
    void shouldDrawOneColouredLinePerModel() {
        double[] perClass = new double[10];
        ModelEntry teacher = new ModelEntry("teacher", "", List.of(new ModelEntry.Point(1, 0.2, 0.8, 1, perClass)));
        ModelEntry student = new ModelEntry("student", "", List.of(new ModelEntry.Point(1, 0.2, 0.8, 1, perClass),
                new ModelEntry.Point(0.5, 0.1, 0.7, 1, perClass)));

        BufferedImage image = AccuracyPlot.render(List.of(teacher, student), 640, 400);

        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(count(image, 0x1f77b4)).isPositive();
        assertThat(count(image, 0xd62728)).isGreaterThan(count(image, 0x1f77b4));
    }

    @Test
    void shouldDimTheDroppedPatchesAndKeepTheKeptOnes() {
        byte[] pixels = new byte[16 * 16 * 3];
        Arrays.fill(pixels, (byte) 200);
        Frame frame = new Frame(16, 16, pixels, 3, 0, 0, new BoundingBox(0, 0, 8, 8));
        TokenMapGrid.Row row = new TokenMapGrid.Row(0.5, new long[][] {{0, 3}}, new int[] {3});

        BufferedImage image = TokenMapGrid.render(List.of(frame), List.of(row), 8, 1);

        int top = 5 + (16 + 30 + 6);
        int left = 70;
        assertThat(image.getRGB(left + 2, top + 2) & 0xffffff).isEqualTo(0xc8c8c8);
        assertThat(image.getRGB(left + 10, top + 2) & 0xffffff).isEqualTo(0x282850);
        assertThat(image.getRGB(left + 10, top + 10) & 0xffffff).isEqualTo(0xc8c8c8);
    }

    private static int count(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
