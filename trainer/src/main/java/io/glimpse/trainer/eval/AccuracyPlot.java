package io.glimpse.trainer.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws accuracy against GMACs per frame, one line per model and one marker per ρ, with Java2D:
 * the card's picture of what dropping tokens costs in accuracy and saves in compute.
 */
public final class AccuracyPlot {

    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e)
    };

    private AccuracyPlot() {}

    /**
     * Renders the plot.
     *
     * @param models the models (a dense teacher is one point)
     * @param width image width in pixels
     * @param height image height in pixels
     * @return the image
     */
    public static BufferedImage render(List<ModelEntry> models, int width, int height) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (ModelEntry m : models) {
            for (ModelEntry.Point p : m.points()) {
                minX = Math.min(minX, p.gmacs());
                maxX = Math.max(maxX, p.gmacs());
                minY = Math.min(minY, 100 * p.accuracy());
                maxY = Math.max(maxY, 100 * p.accuracy());
            }
        }
        double padX = Math.max(1e-4, (maxX - minX) * 0.08);
        minX -= padX;
        maxX += padX;
        minY = Math.floor(minY - 1);
        maxY = Math.ceil(maxY + 1);

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int left = 70;
        int right = width - 20;
        int top = 40;
        int bottom = height - 55;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();

        // Grid and ticks.
        for (int i = 0; i <= 5; i++) {
            double x = minX + (maxX - minX) * i / 5;
            int px = left + (int) Math.round((right - left) * (double) i / 5);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(px, top, px, bottom);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.4f", x);
            g.drawString(label, px - fm.stringWidth(label) / 2, bottom + 16);
            double y = minY + (maxY - minY) * i / 5;
            int py = bottom - (int) Math.round((bottom - top) * (double) i / 5);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(left, py, right, py);
            g.setColor(Color.DARK_GRAY);
            label = String.format(Locale.ROOT, "%.1f", y);
            g.drawString(label, left - 6 - fm.stringWidth(label), py + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);
        g.drawString("GMACs per frame", (left + right) / 2 - fm.stringWidth("GMACs per frame") / 2, height - 20);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString("test frame accuracy (%)", -(top + bottom) / 2 - fm.stringWidth("test frame accuracy (%)") / 2, 18);
        rotated.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Accuracy vs compute (labels: keep ratio rho)", left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));

        int legendY = top + 16;
        for (int k = 0; k < models.size(); k++) {
            ModelEntry m = models.get(k);
            Color c = COLORS[k % COLORS.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            int prevX = -1;
            int prevY = -1;
            for (ModelEntry.Point p : m.points()) {
                int px = left + (int) Math.round((right - left) * (p.gmacs() - minX) / (maxX - minX));
                int py = bottom - (int) Math.round((bottom - top) * (100 * p.accuracy() - minY) / (maxY - minY));
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, py);
                }
                g.fillOval(px - 4, py - 4, 8, 8);
                g.drawString(String.format(Locale.ROOT, "%.1f", p.rho()), px + 5, py - 6);
                prevX = px;
                prevY = py;
            }
            g.fillRect(right - 190, legendY - 8, 14, 8);
            g.setColor(Color.BLACK);
            g.drawString(m.name(), right - 170, legendY);
            legendY += 16;
        }
        g.dispose();
        return image;
    }
}
