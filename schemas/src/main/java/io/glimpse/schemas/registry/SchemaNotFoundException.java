package io.glimpse.schemas.registry;

/**
 * The registry itself says that the subject, version or schema id asked for does not exist: HTTP 404 with
 * one of its own error codes ({@value #SCHEMA_NOT_FOUND} for a schema id, 40401 for a subject, 40402 for a
 * version). A 404 without such a code comes from something else, and is a
 * {@link RegistryConfigurationException}.
 */
public class SchemaNotFoundException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    /** The registry's error code for "schema not found", the only one that says a schema id is unknown. */
    public static final int SCHEMA_NOT_FOUND = 40403;

    public SchemaNotFoundException(String message, int errorCode) {
        super(message, 404, errorCode, null);
    }

    /** Whether the registry said that the schema (id) is unknown, rather than a subject or version. */
    public boolean isSchemaNotFound() {
        return errorCode() == SCHEMA_NOT_FOUND;
    }
}
