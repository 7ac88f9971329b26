package io.glimpse.clients.view;

/**
 * Where a patch of the model's grid lies on the displayed frame. Patch ids are row-major on the
 * original grid ({@code id = row * cols + col}); the frame is scaled to the grid, so the grid may be
 * square or not and need not divide the image evenly. Edges are rounded down from exact fractions,
 * so neighbouring patches share an edge: the rectangles tile the image with no gap and no overlap.
 * view.js draws with the same arithmetic.
 *
 * @param rows patch rows
 * @param cols patch columns
 * @param imageWidth displayed image width in pixels
 * @param imageHeight displayed image height in pixels
 */
public record OverlayGeometry(int rows, int cols, int imageWidth, int imageHeight) {

    /** Checks every size is positive. */
    public OverlayGeometry {
        if (rows < 1 || cols < 1 || imageWidth < 1 || imageHeight < 1) {
            throw new IllegalArgumentException("grid and image sizes must be positive: "
                    + rows + "x" + cols + " on " + imageWidth + "x" + imageHeight);
        }
    }

    /**
     * Returns the pixels of one patch.
     *
     * @param patchId {@code row * cols + col}
     * @return its rectangle
     * @throws IllegalArgumentException if the id is outside the grid
     */
    public PixelRect rect(int patchId) {
        if (patchId < 0 || patchId >= rows * cols) {
            throw new IllegalArgumentException("patch id " + patchId + " outside a " + rows + "x" + cols + " grid");
        }
        int row = patchId / cols;
        int col = patchId % cols;
        int x0 = edge(col, cols, imageWidth);
        int x1 = edge(col + 1, cols, imageWidth);
        int y0 = edge(row, rows, imageHeight);
        int y1 = edge(row + 1, rows, imageHeight);
        return new PixelRect(x0, y0, x1 - x0, y1 - y0);
    }

    private static int edge(int index, int count, int pixels) {
        return (int) ((long) index * pixels / count);
    }
}
