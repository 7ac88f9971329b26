package io.glimpse.clips;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes a PNG grid of generated clips (one row per clip, frames left to right, each labelled with
 * its class) so a person can see what the model is trained on.
 *
 * <p>Usage: {@code ContactSheet OUT.png [split=train|test] [clips=6] [seed=0] [scale=3] [every=1]
 * [boxes=false]}: {@code every=n} shows every n-th frame, {@code scale} enlarges pixels, {@code
 * boxes=true} outlines the item boxes in yellow. Other clip settings are the {@link ClipSpec}
 * defaults.
 */
public final class ContactSheet {

    private static final int GAP = 4;
    private static final int CAPTION = 14;

    private ContactSheet() {}

    /**
     * Renders clips into an image.
     *
     * @param generator the generator
     * @param firstClip the first clip id
     * @param clips how many clips, one per row
     * @param scale the pixel enlargement, at least 1
     * @param every show every n-th frame, at least 1
     * @param boxes whether to outline the item boxes
     * @return the image
     */
    public static BufferedImage render(VideoClipGenerator generator, long firstClip, int clips, int scale, int every,
            boolean boxes) {
        ClipSpec spec = generator.getSpec();
        int cellWidth = spec.getCanvasWidth() * scale;
        int cellHeight = spec.getCanvasHeight() * scale;
        int frames = (spec.getFramesPerClip() + every - 1) / every;
        int width = GAP + frames * (cellWidth + GAP);
        int height = GAP + clips * (cellHeight + CAPTION + GAP);
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int row = 0; row < clips; row++) {
            Clip clip = generator.clip(firstClip + row);
            int y0 = GAP + row * (cellHeight + CAPTION + GAP);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%s clip %d: %s (item %d)%s", clip.getSplit().name().toLowerCase(Locale.ROOT),
                    clip.getClipId(), FashionMnist.className(clip.getLabel()), clip.getItemIndex(),
                    clip.isOccluded() ? ", occluder" : ""), GAP, y0 + CAPTION - 3);
            for (Frame frame : clip.getFrames()) {
                if (frame.getFrameIndex() % every != 0) {
                    continue;
                }
                int x0 = GAP + frame.getFrameIndex() / every * (cellWidth + GAP);
                paint(sheet, frame, x0, y0 + CAPTION, scale);
                if (boxes) {
                    BoundingBox b = frame.getItemBox();
                    g.setColor(Color.YELLOW);
                    g.drawRect(x0 + b.getX() * scale, y0 + CAPTION + b.getY() * scale, b.getWidth() * scale - 1,
                            b.getHeight() * scale - 1);
                }
            }
        }
        g.dispose();
        return sheet;
    }

    private static void paint(BufferedImage sheet, Frame frame, int x0, int y0, int scale) {
        byte[] p = frame.pixels();
        for (int y = 0; y < frame.getHeight(); y++) {
            for (int x = 0; x < frame.getWidth(); x++) {
                int o = (y * frame.getWidth() + x) * 3;
                int rgb = (p[o] & 0xff) << 16 | (p[o + 1] & 0xff) << 8 | (p[o + 2] & 0xff);
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        sheet.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                    }
                }
            }
        }
    }

    /**
     * Writes a contact sheet.
     *
     * @param args {@code OUT.png [split=train|test] [clips=6] [seed=0] [scale=3] [every=1] [boxes=false]}
     * @throws IOException if the image cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args[0].contains("=")) {
            System.err.println(
                    "Usage: ContactSheet OUT.png [split=train|test] [clips=6] [seed=0] [scale=3] [every=1] [boxes=false]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (kv.length != 2 || !List.of("split", "clips", "seed", "scale", "every", "boxes").contains(kv[0])) {
                throw new IllegalArgumentException("Unknown option '" + args[i] + "'");
            }
            options.put(kv[0], kv[1]);
        }
        Split split = Split.valueOf(options.getOrDefault("split", "train").toUpperCase(Locale.ROOT));
        int clips = Integer.parseInt(options.getOrDefault("clips", "6"));
        long seed = Long.parseLong(options.getOrDefault("seed", "0"));
        int scale = Integer.parseInt(options.getOrDefault("scale", "3"));
        int every = Integer.parseInt(options.getOrDefault("every", "1"));
        boolean boxes = Boolean.parseBoolean(options.getOrDefault("boxes", "false"));
        ClipSpec spec = ClipSpec.builder().optSeed(seed).build();
        VideoClipGenerator generator = new VideoClipGenerator(FashionMnist.load(split), spec);
        BufferedImage sheet = render(generator, 0, clips, scale, every, boxes);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        ImageIO.write(sheet, "png", out.toFile());
        System.out.println("Wrote " + clips + " clips of " + spec + " to " + out);
    }
}
