package io.glimpse.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

class RhoBenchPlotTest {

    @Test
    void shouldWriteADecodablePngOfTheRequestedSize(@TempDir Path dir) throws Exception {
        double nan = Double.NaN;
        List<RhoBenchPlot.Series> runs = List.of(
                new RhoBenchPlot.Series("adaptive", new double[] {100, 200, 300, 100}, new double[] {1, 0.8, 0.5, 1},
                        new double[] {40, 120, 300, 50}, new double[] {0, 5, 40, 2}),
                new RhoBenchPlot.Series("fixed-1.00", new double[] {100, 200, 300, 100}, new double[] {1, 1, nan, 1},
                        new double[] {40, 900, nan, 4000}, new double[] {0, 50, 400, 300}),
                new RhoBenchPlot.Series("empty", new double[0], new double[0], new double[0], new double[0]));
        Path file = dir.resolve("out/plot.png");

        new RhoBenchPlot(800, 600, 250, new double[] {0, 2, 4}, "test").write(file, runs);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(600);
        assertThat(colours(image)).as("more than a blank canvas").isGreaterThan(3);
    }

    @Test
    void shouldDrawRunsWithoutData(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plot.png");

        new RhoBenchPlot(400, 400, 250, new double[0], "nothing").write(file, List.of());

        assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(400);
    }

    @Test
    void shouldRefuseATinyCanvas() {
        assertThatThrownBy(() -> new RhoBenchPlot(100, 600, 250, new double[0], "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long colours(BufferedImage image) {
        return IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth()))
                .distinct()
                .count();
    }
}
