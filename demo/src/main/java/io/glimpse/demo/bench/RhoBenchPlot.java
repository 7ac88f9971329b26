package io.glimpse.demo.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import javax.imageio.ImageIO;

/**
 * Draws the runs of the ρ benchmark over time as one PNG of four stacked panels sharing the time
 * axis: offered rate, ρ, p99 latency (log scale, with the SLO line) and lag; one colour per run,
 * phase boundaries as dashed lines. Plain {@code java.awt} on a {@link BufferedImage}, headless, so
 * the benchmark needs no plotting library. Immutable.
 */
final class RhoBenchPlot {

    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75)
    };
    private static final int LEFT = 90;
    private static final int RIGHT = 24;
    private static final int TOP = 64;
    private static final int BOTTOM = 52;
    private static final int GAP = 18;
    private static final Stroke DASHED =
            new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    /**
     * One run's time series, one value per second; NaN where the second has none.
     *
     * @param label the legend's name for the run
     * @param offered frames per second offered
     * @param keepRatio mean ρ of the second's frames
     * @param p99Millis 99th percentile latency of the second's frames
     * @param lag frames sent and not yet answered
     */
    record Series(String label, double[] offered, double[] keepRatio, double[] p99Millis, double[] lag) {

        /**
         * Takes the series from a run's timeline.
         *
         * @param label the run
         * @param timeline its seconds
         * @return the series
         */
        static Series of(String label, List<SecondSample> timeline) {
            int n = timeline.size();
            double[] offered = new double[n];
            double[] rho = new double[n];
            double[] p99 = new double[n];
            double[] lag = new double[n];
            for (int i = 0; i < n; i++) {
                SecondSample s = timeline.get(i);
                offered[i] = s.offered();
                rho[i] = s.meanKeepRatio() == null ? Double.NaN : s.meanKeepRatio();
                p99[i] = s.p99Millis() == null ? Double.NaN : s.p99Millis();
                lag[i] = s.lag();
            }
            return new Series(label, offered, rho, p99, lag);
        }

        int length() {
            return offered.length;
        }
    }

    private final int width;
    private final int height;
    private final double sloMillis;
    private final double[] phaseBoundaries;
    private final String title;

    /**
     * Sets up a plot.
     *
     * @param width pixels, at least 320
     * @param height pixels, at least 320
     * @param sloMillis where the SLO line goes on the latency panel
     * @param phaseBoundaries seconds at which phases start or the profile ends
     * @param title the line above the legend
     */
    RhoBenchPlot(int width, int height, double sloMillis, double[] phaseBoundaries, String title) {
        if (width < 320 || height < 320) {
            throw new IllegalArgumentException("The plot needs at least 320 x 320 pixels, got " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        this.sloMillis = sloMillis;
        this.phaseBoundaries = phaseBoundaries.clone();
        this.title = title;
    }

    /**
     * Draws the runs and writes the PNG.
     *
     * @param file where to write it; its directory is created
     * @param runs the runs, in legend order
     * @throws IOException if it cannot be written
     */
    void write(Path file, List<Series> runs) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            drawHeader(g, runs);
            double seconds = 1;
            for (Series s : runs) {
                seconds = Math.max(seconds, s.length());
            }
            for (double b : phaseBoundaries) {
                seconds = Math.max(seconds, b);
            }
            int panelHeight = (height - TOP - BOTTOM - 3 * GAP) / 4;
            List<Panel> panels = List.of(
                    new Panel("offered, frames/s", Series::offered, false, Double.NaN),
                    new Panel("ρ (mean of results)", Series::keepRatio, false, Double.NaN),
                    new Panel("p99 latency, ms", Series::p99Millis, true, sloMillis),
                    new Panel("lag, frames", Series::lag, false, Double.NaN));
            for (int i = 0; i < panels.size(); i++) {
                int top = TOP + i * (panelHeight + GAP);
                panels.get(i).draw(g, runs, top, panelHeight, seconds, i == panels.size() - 1);
            }
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("No PNG writer available");
        }
    }

    private void drawHeader(Graphics2D g, List<Series> runs) {
        g.setColor(Color.BLACK);
        Font plain = g.getFont();
        g.setFont(plain.deriveFont(Font.BOLD, 14f));
        g.drawString(title, LEFT, 22);
        g.setFont(plain);
        int x = LEFT;
        for (int i = 0; i < runs.size(); i++) {
            g.setColor(colour(i));
            g.setStroke(new BasicStroke(3f));
            g.drawLine(x, 42, x + 24, 42);
            g.setColor(Color.BLACK);
            g.drawString(runs.get(i).label(), x + 30, 46);
            x += 30 + g.getFontMetrics().stringWidth(runs.get(i).label()) + 24;
        }
        g.setColor(Color.GRAY);
        g.setStroke(DASHED);
        g.drawLine(x, 42, x + 24, 42);
        g.setColor(Color.BLACK);
        g.drawString("phase boundary", x + 30, 46);
    }

    private static Color colour(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** One panel: a quantity of every run against time. */
    private final class Panel {
        private final String label;
        private final Function<Series, double[]> values;
        private final boolean log;
        private final double reference;

        Panel(String label, Function<Series, double[]> values, boolean log, double reference) {
            this.label = label;
            this.values = values;
            this.log = log;
            this.reference = reference;
        }

        void draw(Graphics2D g, List<Series> runs, int top, int h, double seconds, boolean bottom) {
            int left = LEFT;
            int w = width - LEFT - RIGHT;
            double[] range = range(runs);
            Axis y = new Axis(range[0], range[1], log, top + h, top);
            Axis x = new Axis(0, seconds, false, left, left + w);
            FontMetrics fm = g.getFontMetrics();
            // Grid and y ticks.
            g.setStroke(new BasicStroke(1f));
            for (double tick : y.ticks()) {
                int py = (int) Math.round(y.map(tick));
                g.setColor(new Color(232, 232, 232));
                g.drawLine(left, py, left + w, py);
                g.setColor(Color.DARK_GRAY);
                String text = Axis.format(tick);
                g.drawString(text, left - 6 - fm.stringWidth(text), py + fm.getAscent() / 2 - 1);
            }
            for (double tick : x.ticks()) {
                int px = (int) Math.round(x.map(tick));
                g.setColor(new Color(232, 232, 232));
                g.drawLine(px, top, px, top + h);
                if (bottom) {
                    g.setColor(Color.DARK_GRAY);
                    String text = Axis.format(tick);
                    g.drawString(text, px - fm.stringWidth(text) / 2, top + h + fm.getAscent() + 4);
                }
            }
            g.setColor(Color.GRAY);
            g.setStroke(DASHED);
            for (double b : phaseBoundaries) {
                int px = (int) Math.round(x.map(b));
                g.drawLine(px, top, px, top + h);
            }
            if (!Double.isNaN(reference)) {
                int py = (int) Math.round(y.map(reference));
                g.setColor(Color.RED.darker());
                g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 4f}, 0f));
                g.drawLine(left, py, left + w, py);
                g.drawString(String.format(Locale.ROOT, "SLO %.0f ms", reference), left + 6, py - 4);
            }
            // The runs, clipped to the panel.
            Shape clip = g.getClip();
            g.clipRect(left, top, w + 1, h + 1);
            g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (int i = 0; i < runs.size(); i++) {
                g.setColor(colour(i));
                g.draw(line(values.apply(runs.get(i)), x, y));
            }
            g.setClip(clip);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(left, top, w, h);
            // The y label, turned, left of the ticks.
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(label, -(top + h / 2 + fm.stringWidth(label) / 2), 18);
            g.setTransform(saved);
            if (bottom) {
                String text = "time since the run started, s";
                g.drawString(text, left + w / 2 - fm.stringWidth(text) / 2, top + h + 2 * fm.getHeight() + 6);
            }
        }

        private double[] range(List<Series> runs) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Series s : runs) {
                for (double v : values.apply(s)) {
                    if (!Double.isNaN(v) && (!log || v > 0)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            if (!Double.isNaN(reference)) {
                min = Math.min(min, reference);
                max = Math.max(max, reference);
            }
            if (log) {
                double lo = Double.isInfinite(min) ? 1 : Math.pow(10, Math.floor(Math.log10(Math.max(1, min))));
                double hi = Double.isInfinite(max) ? 10 : Math.pow(10, Math.ceil(Math.log10(Math.max(max, lo * 10))));
                return new double[] {lo, hi};
            }
            double hi = Double.isInfinite(max) || max <= 0 ? 1 : max * 1.08;
            return new double[] {0, hi};
        }

        private Path2D line(double[] v, Axis x, Axis y) {
            Path2D path = new Path2D.Double();
            boolean pen = false;
            for (int s = 0; s < v.length; s++) {
                if (Double.isNaN(v[s]) || (log && v[s] <= 0)) {
                    pen = false;
                    continue;
                }
                double px = x.map(s + 0.5);
                double py = y.map(v[s]);
                if (pen) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    pen = true;
                }
            }
            return path;
        }
    }

    /** Maps data to pixels, linear or logarithmic, and picks round tick values. */
    private record Axis(double min, double max, boolean log, double from, double to) {

        double map(double v) {
            double f = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
            return from + f * (to - from);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double t = min; t <= max * 1.0001; t *= 10) {
                    ticks.add(t);
                }
                return ticks;
            }
            double raw = (max - min) / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = magnitude * (raw / magnitude < 1.5 ? 1 : raw / magnitude < 3.5 ? 2 : raw / magnitude < 7.5 ? 5 : 10);
            for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
                ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
            }
            return ticks;
        }

        static String format(double v) {
            if (v == Math.rint(v) && Math.abs(v) < 1e9) {
                return Long.toString((long) v);
            }
            return String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.2f" : "%.1f", v).replaceFirst("0+$", "");
        }
    }
}
