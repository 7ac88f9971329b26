package io.glimpse.schemas.registry;

/**
 * A registry call failed. Carries the HTTP status and the Confluent error code when the registry
 * answered (both 0 when it did not). Its subclasses tell a verdict of the registry
 * ({@link SchemaNotFoundException}, {@link IncompatibleSchemaException}) from trouble with the registry
 * ({@link RegistryUnreachableException}, {@link RegistryConfigurationException}); see
 * {@link SchemaRegistryClient}.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The HTTP status, or 0 if no response arrived. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code} (e.g. 40403 schema not found), or 0 if none. */
    public int errorCode() {
        return errorCode;
    }
}
