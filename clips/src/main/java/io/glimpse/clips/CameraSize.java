package io.glimpse.clips;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The size of a camera's frames, such as 640×480 or 1280×720.
 *
 * @param width pixels, positive
 * @param height pixels, positive
 */
public record CameraSize(int width, int height) {

    /** Common camera sizes: 4:3 (VGA, SVGA, XGA) and 16:9 (720p, 1080p). */
    public static final List<CameraSize> COMMON = List.of(new CameraSize(640, 480), new CameraSize(800, 600),
            new CameraSize(1024, 768), new CameraSize(1280, 720), new CameraSize(1920, 1080));

    /** Checks the size. */
    public CameraSize {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("Camera size must be positive, got " + width + "x" + height);
        }
    }

    /**
     * Parses {@code WIDTHxHEIGHT}.
     *
     * @param text e.g. {@code 640x480}
     * @return the size
     * @throws IllegalArgumentException naming the expected form
     */
    public static CameraSize parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                return new CameraSize(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // Fall through to the message below.
        }
        throw new IllegalArgumentException("A camera size is WIDTHxHEIGHT, e.g. 640x480, not '" + text + "'");
    }

    /**
     * Parses a comma-separated list.
     *
     * @param text e.g. {@code 640x480,1280x720}
     * @return the sizes, in order
     */
    public static List<CameraSize> parseList(String text) {
        List<CameraSize> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            sizes.add(parse(part));
        }
        return List.copyOf(sizes);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
