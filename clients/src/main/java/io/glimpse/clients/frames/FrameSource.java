package io.glimpse.clients.frames;

import java.io.IOException;
import java.util.Optional;

/** Where {@code glimpse frames send} gets its images, one at a time, in order. */
public interface FrameSource extends AutoCloseable {

    /**
     * Returns the next image, waiting for it when the source paces itself (a live stream, {@code -re}).
     *
     * @return the image, or empty at the end of the source
     * @throws IOException when the source cannot be read
     */
    Optional<EncodedImage> next() throws IOException;

    /** Stops the source and releases what it holds (a subprocess, a file). */
    @Override
    void close() throws IOException;
}
