package io.glimpse.trainer.eval;

import io.glimpse.clips.BoundingBox;
import io.glimpse.clips.FashionMnist;
import io.glimpse.clips.Frame;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws test frames with the patches DynamicViT kept: one column per frame, the first row the
 * frame with its item box, then one row per keep ratio with dropped patches dimmed. The picture
 * shows whether the predictors keep the item and drop the background.
 */
public final class TokenMapGrid {

    private TokenMapGrid() {}

    /**
     * One row of kept-token maps.
     *
     * @param rho the keep ratio
     * @param kept per frame, the original patch ids kept after the last stage
     * @param predicted per frame, the predicted class
     */
    public record Row(double rho, long[][] kept, int[] predicted) {}

    /**
     * Renders the grid.
     *
     * @param frames the frames, one per column
     * @param rows the kept-token maps, one per keep ratio
     * @param patchSize the patch side in pixels
     * @param scale how many screen pixels per frame pixel
     * @return the image
     */
    public static BufferedImage render(List<Frame> frames, List<Row> rows, int patchSize, int scale) {
        int w = frames.get(0).getWidth();
        int h = frames.get(0).getHeight();
        int cell = w * scale;
        int gap = 6;
        int labelWidth = 70;
        int textHeight = 30;
        int width = labelWidth + frames.size() * (cell + gap);
        int height = (rows.size() + 1) * (h * scale + textHeight + gap) + 10;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int columns = w / patchSize;
        for (int r = 0; r <= rows.size(); r++) {
            int y0 = 5 + r * (h * scale + textHeight + gap);
            g.setColor(Color.BLACK);
            g.drawString(r == 0 ? "input" : "rho " + rows.get(r - 1).rho(), 5, y0 + h * scale / 2);
            for (int f = 0; f < frames.size(); f++) {
                Frame frame = frames.get(f);
                int x0 = labelWidth + f * (cell + gap);
                boolean[] keep = new boolean[(w / patchSize) * (h / patchSize)];
                if (r == 0) {
                    java.util.Arrays.fill(keep, true);
                } else {
                    for (long id : rows.get(r - 1).kept()[f]) {
                        keep[(int) id] = true;
                    }
                }
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        boolean kept = keep[(y / patchSize) * columns + x / patchSize];
                        int red = frame.getPixel(x, y, 0);
                        int green = frame.getPixel(x, y, 1);
                        int blue = frame.getPixel(x, y, 2);
                        if (!kept) {
                            red = red / 5;
                            green = green / 5;
                            blue = blue / 5 + 40;
                        }
                        g.setColor(new Color(red, green, Math.min(255, blue)));
                        g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                    }
                }
                String caption;
                if (r == 0) {
                    BoundingBox box = frame.getItemBox();
                    g.setColor(Color.YELLOW);
                    g.drawRect(x0 + box.getX() * scale, y0 + box.getY() * scale, box.getWidth() * scale,
                            box.getHeight() * scale);
                    caption = FashionMnist.className(frame.getLabel());
                } else {
                    Row row = rows.get(r - 1);
                    caption = "-> " + FashionMnist.className(row.predicted()[f]) + " (" + row.kept()[f].length + "/"
                            + keep.length + ")";
                }
                g.setColor(Color.BLACK);
                g.drawString(caption, x0, y0 + h * scale + 14);
            }
        }
        g.dispose();
        return image;
    }
}
