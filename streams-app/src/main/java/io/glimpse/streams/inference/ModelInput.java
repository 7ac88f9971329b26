package io.glimpse.streams.inference;

/**
 * The image a classifier takes and the patch grid its kept-token maps refer to: frames are decoded
 * to this size, and a patch id {@code p} covers row {@code p / gridColumns()}, column {@code p %
 * gridColumns()} of {@code patchSize}-pixel squares.
 *
 * @param width input width in pixels
 * @param height input height in pixels
 * @param patchSize side of one square patch in pixels; divides both width and height
 */
public record ModelInput(int width, int height, int patchSize) {

    /** Checks that the patches tile the image. */
    public ModelInput {
        if (width < 1 || height < 1 || patchSize < 1 || width % patchSize != 0 || height % patchSize != 0) {
            throw new IllegalArgumentException(
                    "A " + width + "x" + height + " input is not tiled by " + patchSize + "-pixel patches");
        }
    }

    public int gridRows() {
        return height / patchSize;
    }

    public int gridColumns() {
        return width / patchSize;
    }
}
