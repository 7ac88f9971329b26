package io.glimpse.demo.chaos;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

/**
 * Draws a soak run's samples as one PNG: stacked panels (resident memory, memory outside the JVM's pools,
 * heap after the last major collection, live NDArrays) over minutes, one line per instance. Plain
 * {@code java.awt}, headless.
 */
final class SoakPlot {

    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44)};
    private static final int WIDTH = 1000;
    private static final int PANEL = 170;
    private static final int LEFT = 90;
    private static final int RIGHT = 150;
    private static final int TOP = 50;
    private static final int GAP = 30;

    private record Panel(String title, ToDoubleFunction<SoakSample> value) {}

    private static final List<Panel> PANELS = List.of(
            new Panel("resident memory, MB", s -> SoakSample.mb(s.residentBytes())),
            new Panel("outside the JVM's pools (libtorch, arenas, stacks), MB", s -> SoakSample.mb(s.outsideJvmBytes())),
            new Panel("heap after the last major GC, MB", s -> SoakSample.mb(s.liveDataBytes())),
            new Panel("live NDArrays", SoakSample::ndarrays));

    private SoakPlot() {}

    static void write(List<SoakSample> samples, String title, Path file) throws IOException {
        int height = TOP + PANELS.size() * (PANEL + GAP) + 30;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, LEFT, 28);
            Map<String, List<SoakSample>> byInstance = samples.stream()
                    .collect(Collectors.groupingBy(SoakSample::instance, TreeMap::new, Collectors.toList()));
            double maxMinute = samples.stream().mapToDouble(SoakSample::minute).max().orElse(1);
            for (int p = 0; p < PANELS.size(); p++) {
                draw(g, PANELS.get(p), byInstance, maxMinute, TOP + p * (PANEL + GAP));
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.BLACK);
            g.drawString("minutes under load", LEFT + (WIDTH - LEFT - RIGHT) / 2 - 50, height - 8);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void draw(Graphics2D g, Panel panel, Map<String, List<SoakSample>> byInstance, double maxMinute, int top) {
        int w = WIDTH - LEFT - RIGHT;
        double max = byInstance.values().stream().flatMap(List::stream).mapToDouble(panel.value())
                .filter(v -> !Double.isNaN(v)).max().orElse(1);
        max = max <= 0 ? 1 : max * 1.1;
        g.setColor(new Color(245, 245, 245));
        g.fillRect(LEFT, top, w, PANEL);
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, top, w, PANEL);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(panel.title(), LEFT + 6, top + 15);
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            int y = top + PANEL - (int) (PANEL * t / 4.0);
            g.drawString(String.format(Locale.ROOT, "%.0f", v), 10, y + 4);
        }
        for (int m = 0; m <= (int) maxMinute; m += Math.max(1, (int) maxMinute / 10)) {
            int x = LEFT + (int) (w * m / Math.max(1, maxMinute));
            g.drawString(Integer.toString(m), x - 4, top + PANEL + 14);
        }
        int colour = 0;
        for (Map.Entry<String, List<SoakSample>> e : byInstance.entrySet()) {
            g.setColor(PALETTE[colour % PALETTE.length]);
            g.setStroke(new BasicStroke(2f));
            int[] prev = null;
            for (SoakSample s : e.getValue()) {
                double v = panel.value().applyAsDouble(s);
                if (Double.isNaN(v)) {
                    prev = null;
                    continue;
                }
                int x = LEFT + (int) (w * s.minute() / Math.max(1e-9, maxMinute));
                int y = top + PANEL - (int) (PANEL * v / max);
                if (prev != null) {
                    g.drawLine(prev[0], prev[1], x, y);
                }
                g.fillOval(x - 2, y - 2, 4, 4);
                prev = new int[] {x, y};
            }
            g.drawString(e.getKey(), LEFT + w + 10, top + 20 + 16 * colour);
            colour++;
        }
    }
}
