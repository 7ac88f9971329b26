package io.glimpse.clips;

/**
 * A Fashion-MNIST split. Clips of one split are drawn only from that split's items, so test
 * accuracy is measured on garments the model never saw.
 */
public enum Split {
    /** The 60,000 training items ({@code train-*-ubyte}). */
    TRAIN("train"),
    /** The 10,000 test items ({@code t10k-*-ubyte}). */
    TEST("t10k");

    private final String filePrefix;

    Split(String filePrefix) {
        this.filePrefix = filePrefix;
    }

    /**
     * Returns the prefix of this split's idx file names.
     *
     * @return {@code train} or {@code t10k}
     */
    public String getFilePrefix() {
        return filePrefix;
    }

    /**
     * Returns the name of this split's images file, without the optional {@code .gz}.
     *
     * @return for example {@code train-images-idx3-ubyte}
     */
    public String getImagesFileName() {
        return filePrefix + "-images-idx3-ubyte";
    }

    /**
     * Returns the name of this split's labels file, without the optional {@code .gz}.
     *
     * @return for example {@code train-labels-idx1-ubyte}
     */
    public String getLabelsFileName() {
        return filePrefix + "-labels-idx1-ubyte";
    }
}
