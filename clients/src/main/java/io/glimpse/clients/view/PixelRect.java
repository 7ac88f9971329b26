package io.glimpse.clients.view;

/**
 * A rectangle of image pixels, from its top-left corner, as a canvas draws it.
 *
 * @param x left edge (inclusive)
 * @param y top edge (inclusive)
 * @param width columns covered
 * @param height rows covered
 */
public record PixelRect(int x, int y, int width, int height) {}
