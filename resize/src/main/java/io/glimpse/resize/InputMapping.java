package io.glimpse.resize;

/**
 * Where the model's input came from in the original frame: the rectangle {@code (sourceX, sourceY,
 * sourceWidth, sourceHeight)} of the original (in its pixels) was scaled onto the rectangle {@code
 * (inputX, inputY, inputWidth, inputHeight)} of the input; the rest of the input is padding. So a
 * point {@code (u, v)} of the input, e.g. a kept patch's corner, is {@code (sourceX + (u - inputX) *
 * sourceWidth / inputWidth, sourceY + (v - inputY) * sourceHeight / inputHeight)} in the original
 * frame, for every policy: a fit pads (input rectangle smaller than the input), a crop cuts (source
 * rectangle smaller than the frame), a stretch does neither.
 *
 * @param frameWidth the original frame's width
 * @param frameHeight the original frame's height
 * @param sourceX left of the source rectangle, original pixels
 * @param sourceY top of the source rectangle, original pixels
 * @param sourceWidth width of the source rectangle
 * @param sourceHeight height of the source rectangle
 * @param inputX left of the covered input rectangle, input pixels
 * @param inputY top of the covered input rectangle
 * @param inputWidth width of the covered input rectangle
 * @param inputHeight height of the covered input rectangle
 */
public record InputMapping(
        int frameWidth,
        int frameHeight,
        double sourceX,
        double sourceY,
        double sourceWidth,
        double sourceHeight,
        int inputX,
        int inputY,
        int inputWidth,
        int inputHeight) {

    /**
     * Returns the mapping of a frame that already has the input's size.
     *
     * @param width the width of both
     * @param height the height of both
     * @return the identity
     */
    public static InputMapping identity(int width, int height) {
        return new InputMapping(width, height, 0, 0, width, height, 0, 0, width, height);
    }

    /**
     * Says whether the frame was used as it came.
     *
     * @return true for the identity
     */
    public boolean isIdentity() {
        return frameWidth == inputWidth && frameHeight == inputHeight && inputX == 0 && inputY == 0
                && sourceX == 0 && sourceY == 0 && sourceWidth == frameWidth && sourceHeight == frameHeight;
    }
}
