package io.glimpse.clips;

/**
 * Thrown when the Fashion-MNIST idx files are not where they were looked for; its message names
 * the Debian package that provides them, so the fix is one {@code apt-get install} away.
 */
public class DatasetNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is missing, where, and how to install it
     */
    public DatasetNotFoundException(String message) {
        super(message);
    }
}
