package io.glimpse.clients.frames;

/**
 * How {@code glimpse frames send} encodes frames: JPEG is small on the wire (tens of kB per frame)
 * but costs the app a decode; RGB costs nothing to decode but width*height*3 bytes per frame.
 */
public enum SendEncoding {
    /** JPEG images ({@code PixelEncoding.JPEG}). */
    jpeg,
    /** Raw interleaved RGB ({@code PixelEncoding.RGB8}). */
    rgb
}
