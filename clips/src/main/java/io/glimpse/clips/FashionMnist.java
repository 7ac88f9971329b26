package io.glimpse.clips;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One split of Fashion-MNIST held in memory: 28×28 grey images (0 = background, 255 = full ink)
 * and their labels 0–9, immutable once read.
 *
 * <p>The images come from the Debian package {@value #DEBIAN_PACKAGE} (idx files, gzipped or
 * plain, under {@link #DEFAULT_DIRECTORY}); a missing file raises a {@link
 * DatasetNotFoundException} that names the package. The directory is configurable so tests can
 * read small idx files of their own.
 */
public final class FashionMnist {

    /** The Debian package that installs the idx files. */
    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";

    /** Where {@value #DEBIAN_PACKAGE} installs the idx files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** Height and width of every image, in pixels. */
    public static final int IMAGE_SIZE = 28;

    /** Pixels in one image. */
    public static final int IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE;

    /** The class names, indexed by label, as published with the data set. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The number of classes. */
    public static final int CLASS_COUNT = 10;

    private final Split split;
    private final Path directory;
    private final byte[] pixels;
    private final byte[] labels;

    private FashionMnist(Split split, Path directory, byte[] pixels, byte[] labels) {
        this.split = split;
        this.directory = directory;
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * Returns a new builder.
     *
     * @return a builder reading from {@link #DEFAULT_DIRECTORY} unless told otherwise
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a whole split from {@link #DEFAULT_DIRECTORY}.
     *
     * @param split the split
     * @return the split in memory
     * @throws DatasetNotFoundException if {@value #DEBIAN_PACKAGE} is not installed
     */
    public static FashionMnist load(Split split) {
        return builder().setSplit(split).build();
    }

    /**
     * Returns the name of a class.
     *
     * @param label a label in [0, 10)
     * @return for example {@code Ankle boot} for 9
     */
    public static String className(int label) {
        return CLASS_NAMES.get(label);
    }

    public Split getSplit() {
        return split;
    }

    /**
     * Returns the directory the idx files were read from.
     *
     * @return the directory
     */
    public Path getDirectory() {
        return directory;
    }

    /**
     * Returns the number of items.
     *
     * @return 60,000 for the whole train split, 10,000 for the whole test split
     */
    public int size() {
        return labels.length;
    }

    /**
     * Returns an item's label.
     *
     * @param index the item, in [0, size)
     * @return its class, in [0, 10)
     */
    public int getLabel(int index) {
        Objects.checkIndex(index, labels.length);
        return labels[index];
    }

    /**
     * Returns a copy of an item's image.
     *
     * @param index the item, in [0, size)
     * @return {@value #IMAGE_PIXELS} unsigned bytes, row by row
     */
    public byte[] getImage(int index) {
        Objects.checkIndex(index, labels.length);
        return Arrays.copyOfRange(pixels, index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS);
    }

    /**
     * Returns one pixel of an item.
     *
     * @param index the item, in [0, size)
     * @param row the row, in [0, 28)
     * @param column the column, in [0, 28)
     * @return the ink, in [0, 255]
     */
    public int getPixel(int index, int row, int column) {
        Objects.checkIndex(index, labels.length);
        Objects.checkIndex(row, IMAGE_SIZE);
        Objects.checkIndex(column, IMAGE_SIZE);
        return pixels[index * IMAGE_PIXELS + row * IMAGE_SIZE + column] & 0xff;
    }

    /**
     * Counts the items of each class.
     *
     * @return ten counts, indexed by label
     */
    public int[] getClassCounts() {
        int[] counts = new int[CLASS_COUNT];
        for (byte label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The pixels of all items, not copied: for the generator, which only reads them. */
    byte[] pixels() {
        return pixels;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "FashionMnist[" + split + ", " + size() + " items from " + directory + "]";
    }

    /** Builds a {@link FashionMnist} split; {@code set} values are required, {@code opt} ones not. */
    public static final class Builder {
        private Split split;
        private Path directory = DEFAULT_DIRECTORY;
        private int limit = Integer.MAX_VALUE;

        Builder() {}

        public Builder setSplit(Split split) {
            this.split = split;
            return this;
        }

        /**
         * Sets the directory holding the idx files (default {@link FashionMnist#DEFAULT_DIRECTORY}).
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder optDirectory(Path directory) {
            this.directory = directory;
            return this;
        }

        /**
         * Keeps only the first items of the split, for quick runs.
         *
         * @param limit the most items to keep, at least 1
         * @return this builder
         */
        public Builder optLimit(int limit) {
            this.limit = limit;
            return this;
        }

        /**
         * Reads the split.
         *
         * @return the split in memory
         * @throws IllegalArgumentException if the split is not set or the limit is below 1
         * @throws DatasetNotFoundException if an idx file is missing
         * @throws UncheckedIOException if an idx file cannot be read or is malformed
         */
        public FashionMnist build() {
            if (split == null) {
                throw new IllegalArgumentException("The split is required");
            }
            Objects.requireNonNull(directory, "directory");
            if (limit < 1) {
                throw new IllegalArgumentException("Limit must be positive, got " + limit);
            }
            Path imagesFile = find(split.getImagesFileName());
            Path labelsFile = find(split.getLabelsFileName());
            try {
                IdxFile images = IdxFile.read(imagesFile);
                IdxFile labels = IdxFile.read(labelsFile);
                int[] imageDims = images.getDimensions();
                int[] labelDims = labels.getDimensions();
                if (imageDims.length != 3 || imageDims[1] != IMAGE_SIZE || imageDims[2] != IMAGE_SIZE) {
                    throw new IOException(imagesFile + " holds images of shape " + Arrays.toString(imageDims)
                            + ", expected [n, 28, 28]");
                }
                if (labelDims.length != 1) {
                    throw new IOException(labelsFile + " holds labels of shape " + Arrays.toString(labelDims)
                            + ", expected [n]");
                }
                if (imageDims[0] != labelDims[0]) {
                    throw new IOException(imagesFile + " holds " + imageDims[0] + " images but " + labelsFile
                            + " holds " + labelDims[0] + " labels");
                }
                if (imageDims[0] == 0) {
                    throw new IOException(imagesFile + " holds no images");
                }
                int n = Math.min(limit, imageDims[0]);
                byte[] labelBytes = Arrays.copyOf(labels.getData(), n);
                for (int i = 0; i < n; i++) {
                    if (labelBytes[i] < 0 || labelBytes[i] >= CLASS_COUNT) {
                        throw new IOException(labelsFile + ": label " + (labelBytes[i] & 0xff) + " of item " + i
                                + " is outside [0, 10)");
                    }
                }
                byte[] pixelBytes = n == imageDims[0]
                        ? images.getData()
                        : Arrays.copyOf(images.getData(), n * IMAGE_PIXELS);
                return new FashionMnist(split, directory, pixelBytes, labelBytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        /** The plain file if present, else the gzipped one. */
        private Path find(String name) {
            Path plain = directory.resolve(name);
            if (Files.isRegularFile(plain)) {
                return plain;
            }
            Path gzipped = directory.resolve(name + ".gz");
            if (Files.isRegularFile(gzipped)) {
                return gzipped;
            }
            throw new DatasetNotFoundException(String.format(
                    "Fashion-MNIST %s split not found: neither %s nor %s exists. Install the Debian package %s"
                            + " (apt-get install %s), which puts the idx files under %s, or point the"
                            + " directory at a copy of them.",
                    split.name().toLowerCase(java.util.Locale.ROOT), plain, gzipped.getFileName(), DEBIAN_PACKAGE,
                    DEBIAN_PACKAGE, DEFAULT_DIRECTORY));
        }
    }
}
