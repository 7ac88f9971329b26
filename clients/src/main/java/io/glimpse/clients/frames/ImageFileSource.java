package io.glimpse.clients.frames;

import io.glimpse.schemas.avro.PixelEncoding;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Frames from image files: a directory's images in name order, or one still sent again and again.
 * PNG and JPEG files go out as they are unless an encoding is asked for; other formats ImageIO reads
 * (BMP, GIF) are decoded to RGB. Needs no ffmpeg.
 */
public final class ImageFileSource implements FrameSource {

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private final List<Path> files;
    private final long repeat;
    private final SendEncoding encoding;
    private long index;
    private Path cachedPath;
    private EncodedImage cached;

    private ImageFileSource(List<Path> files, long repeat, SendEncoding encoding) {
        this.files = List.copyOf(files);
        this.repeat = repeat;
        this.encoding = encoding;
    }

    /**
     * Reads the images of a directory (.png, .jpg, .jpeg, .bmp, .gif), sorted by file name.
     *
     * @param directory the directory
     * @param passes how many times to go through them; {@link Long#MAX_VALUE} for ever
     * @param encoding the encoding to send, or null for the files' own
     * @return the source
     * @throws IOException when the directory cannot be listed or holds no image
     */
    public static ImageFileSource directory(Path directory, long passes, SendEncoding encoding) throws IOException {
        List<Path> images;
        try (Stream<Path> listing = Files.list(directory)) {
            images = listing.filter(Files::isRegularFile).filter(ImageFileSource::isImageName).sorted().toList();
        }
        if (images.isEmpty()) {
            throw new IOException("no images (.png, .jpg, .jpeg, .bmp, .gif) in " + directory);
        }
        return new ImageFileSource(images, multiply(images.size(), passes), encoding);
    }

    /**
     * Reads one image, as many times as asked.
     *
     * @param image the image file
     * @param times how many frames to make of it; {@link Long#MAX_VALUE} for ever
     * @param encoding the encoding to send, or null for the file's own
     * @return the source
     */
    public static ImageFileSource still(Path image, long times, SendEncoding encoding) {
        return new ImageFileSource(List.of(Objects.requireNonNull(image, "image")), times, encoding);
    }

    /**
     * Tells whether a file name looks like an image this source reads.
     *
     * @param file the file
     * @return whether its extension is one of .png, .jpg, .jpeg, .bmp, .gif
     */
    public static boolean isImageName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** {@inheritDoc} */
    @Override
    public Optional<EncodedImage> next() throws IOException {
        if (index >= repeat) {
            return Optional.empty();
        }
        Path file = files.get((int) (index++ % files.size()));
        if (!file.equals(cachedPath)) {
            cached = read(file, encoding);
            cachedPath = file;
        }
        return Optional.of(cached);
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        cached = null;
    }

    /**
     * Reads an image file as a frame's payload.
     *
     * @param file the file
     * @param encoding the encoding to send, or null for the file's own (PNG, JPEG; RGB for other formats)
     * @return the image
     * @throws IOException when the file cannot be read or is no image
     */
    static EncodedImage read(Path file, SendEncoding encoding) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String format;
        int width;
        int height;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not an image ImageIO reads: " + file);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                format = reader.getFormatName().toLowerCase(Locale.ROOT);
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        }
        if (encoding == null && format.equals("png")) {
            return new EncodedImage(bytes, PixelEncoding.PNG, width, height, 3);
        }
        if ((encoding == null || encoding == SendEncoding.jpeg) && (format.equals("jpeg") || format.equals("jpg"))) {
            return EncodedImage.jpeg(bytes, width, height);
        }
        BufferedImage rgb = toRgb(ImageIO.read(new ByteArrayInputStream(bytes)), file);
        if (encoding == SendEncoding.jpeg) {
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            if (!ImageIO.write(rgb, "jpeg", jpeg)) {
                throw new IOException("no JPEG writer in this JVM");
            }
            return EncodedImage.jpeg(jpeg.toByteArray(), width, height);
        }
        return EncodedImage.rgb(rgbBytes(rgb), width, height);
    }

    private static BufferedImage toRgb(BufferedImage image, Path file) throws IOException {
        if (image == null) {
            throw new IOException("cannot decode " + file);
        }
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(image, 0, 0, null);
        return rgb;
    }

    private static byte[] rgbBytes(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return rgb;
    }

    private static long multiply(long count, long passes) {
        return passes >= Long.MAX_VALUE / count ? Long.MAX_VALUE : count * passes;
    }
}
