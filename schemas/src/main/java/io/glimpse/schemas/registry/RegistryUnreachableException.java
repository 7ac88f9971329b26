package io.glimpse.schemas.registry;

/**
 * The registry could not be reached, timed out, or kept failing (5xx, 408, 429) for every attempt the
 * {@link RetryPolicy} allowed within its budget; or the client did not even try because its circuit is
 * open after repeated failures. Unlike a refusal this may pass if tried again later.
 *
 * <p>A caller holding a record must not treat it as the record's fault: it must not dead-letter the record,
 * but back off and retry it within its own time budget (a stream task, for instance, fails and replays the
 * record from its last commit).
 */
public class RegistryUnreachableException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public RegistryUnreachableException(String message, int status, Throwable cause) {
        super(message, status, 0, cause);
    }
}
