package io.glimpse.clips;

/**
 * An axis-aligned box of whole pixels on a frame, the item's extent: every pixel the item's ink
 * touches lies inside it. Kept-token maps can be checked against the patches it covers.
 */
public final class BoundingBox {

    private final int x;
    private final int y;
    private final int width;
    private final int height;

    /**
     * Creates a box.
     *
     * @param x the leftmost column
     * @param y the top row
     * @param width the number of columns, at least 0
     * @param height the number of rows, at least 0
     */
    public BoundingBox(int x, int y, int width, int height) {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("Box size must not be negative, got " + width + "x" + height);
        }
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
    }

    public int getX() {
        return x;
    }

    public int getY() {
        return y;
    }

    public int getWidth() {
        return width;
    }

    public int getHeight() {
        return height;
    }

    /**
     * Returns the column just right of the box.
     *
     * @return x + width
     */
    public int getRight() {
        return x + width;
    }

    /**
     * Returns the row just below the box.
     *
     * @return y + height
     */
    public int getBottom() {
        return y + height;
    }

    public boolean isEmpty() {
        return width == 0 || height == 0;
    }

    /**
     * Tells whether a pixel lies inside the box.
     *
     * @param column the pixel's column
     * @param row the pixel's row
     * @return whether it is inside
     */
    public boolean contains(int column, int row) {
        return column >= x && column < x + width && row >= y && row < y + height;
    }

    /**
     * Tells whether the box lies entirely on a canvas.
     *
     * @param canvasWidth the canvas width
     * @param canvasHeight the canvas height
     * @return whether no part of the box is off the canvas
     */
    public boolean isInside(int canvasWidth, int canvasHeight) {
        return x >= 0 && y >= 0 && x + width <= canvasWidth && y + height <= canvasHeight;
    }

    /**
     * Returns the box on a frame mirrored left to right.
     *
     * @param canvasWidth the frame's width
     * @return the mirrored box
     */
    public BoundingBox mirrored(int canvasWidth) {
        return new BoundingBox(canvasWidth - x - width, y, width, height);
    }

    /**
     * Marks the patches of a grid that the box overlaps.
     *
     * @param canvasWidth the canvas width, a multiple of the patch size
     * @param canvasHeight the canvas height, a multiple of the patch size
     * @param patchSize the patch side, in pixels
     * @return one flag per patch, row by row (the token order of a ViT)
     */
    public boolean[] patchMask(int canvasWidth, int canvasHeight, int patchSize) {
        if (patchSize < 1 || canvasWidth % patchSize != 0 || canvasHeight % patchSize != 0) {
            throw new IllegalArgumentException(
                    "Patch size " + patchSize + " does not divide the canvas " + canvasWidth + "x" + canvasHeight);
        }
        int columns = canvasWidth / patchSize;
        int rows = canvasHeight / patchSize;
        boolean[] mask = new boolean[columns * rows];
        if (isEmpty()) {
            return mask;
        }
        int c0 = Math.max(0, Math.floorDiv(x, patchSize));
        int c1 = Math.min(columns - 1, Math.floorDiv(x + width - 1, patchSize));
        int r0 = Math.max(0, Math.floorDiv(y, patchSize));
        int r1 = Math.min(rows - 1, Math.floorDiv(y + height - 1, patchSize));
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                mask[r * columns + c] = true;
            }
        }
        return mask;
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BoundingBox)) {
            return false;
        }
        BoundingBox b = (BoundingBox) o;
        return x == b.x && y == b.y && width == b.width && height == b.height;
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return ((x * 31 + y) * 31 + width) * 31 + height;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "[x=" + x + ", y=" + y + ", " + width + "x" + height + "]";
    }
}
