package io.glimpse.schemas.registry;

/**
 * The registry could not be reached, or kept failing with server errors, for every attempt the
 * {@link RetryPolicy} allowed. Unlike the other failures this one may pass if tried again later.
 */
public class RegistryUnreachableException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public RegistryUnreachableException(String message, int status, Throwable cause) {
        super(message, status, 0, cause);
    }
}
