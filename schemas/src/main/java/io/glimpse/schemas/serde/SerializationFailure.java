package io.glimpse.schemas.serde;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be turned into bytes or back through its own fault, and why. It keeps the raw bytes
 * (for a read) and the topic, so a topology can send the record to a dead-letter topic intact rather than
 * crash or drop it.
 *
 * <p>Trouble with the registry is never a {@code SerializationFailure}: the serdes let
 * {@link io.glimpse.schemas.registry.RegistryUnreachableException} and
 * {@link io.glimpse.schemas.registry.RegistryConfigurationException} propagate, so that a caller which
 * dead-letters every {@code SerializationFailure} (or every {@link SerializationException}) cannot
 * dead-letter a good record because the registry was down or misconfigured. Its message holds no registry
 * credentials.
 */
public final class SerializationFailure extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** Why a record could not be (de)serialized. */
    public enum Reason {
        /** The first byte is not Confluent's magic byte 0: not a registry-framed record at all. */
        WRONG_MAGIC(false),
        /** Fewer bytes than the header, or the Avro body ends early. */
        TRUNCATED(false),
        /** The header names a schema id the registry does not know. */
        UNKNOWN_SCHEMA_ID(false),
        /** The Avro body does not decode with its writer schema, or has bytes left over. */
        CORRUPT_AVRO(false),
        /** The writer schema cannot be resolved to the reader's (no BACKWARD-compatible path between them). */
        SCHEMA_MISMATCH(false),
        /**
         * No longer thrown: an unreachable registry propagates as
         * {@link io.glimpse.schemas.registry.RegistryUnreachableException}, which is not the record's fault.
         */
        @Deprecated
        REGISTRY_UNREACHABLE(true),
        /** Serializing: the registry refused the record's schema for a reason of its own (422, invalid schema). */
        REGISTRY_REFUSED(false),
        /** Serializing: the registry refused the record's schema as incompatible with the subject. */
        INCOMPATIBLE_SCHEMA(false),
        /** Serializing: the record's schema is not registered and auto-registration is off. */
        UNREGISTERED_SCHEMA(false),
        /** Serializing: the record does not match its own schema (e.g. a required field is null). */
        INVALID_RECORD(false);

        private final boolean retriable;

        Reason(boolean retriable) {
            this.retriable = retriable;
        }

        /** Whether the same bytes may succeed later: false for every reason still thrown. */
        public boolean isRetriable() {
            return retriable;
        }
    }

    private final Reason reason;
    private final String topic;
    private final byte[] rawBytes;
    private final int schemaId;

    /**
     * @param reason why
     * @param topic the topic the record is for or from
     * @param rawBytes the bytes being read (copied), or null when serializing
     * @param schemaId the schema id from the header, or -1 if unknown
     * @param detail a human-readable explanation
     * @param cause the underlying exception, if any
     */
    public SerializationFailure(Reason reason, String topic, byte[] rawBytes, int schemaId, String detail,
            Throwable cause) {
        super(reason + " on topic " + topic + (schemaId >= 0 ? " (schema id " + schemaId + ")" : "")
                + (rawBytes != null ? " [" + rawBytes.length + " bytes]" : "") + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.topic = topic;
        this.rawBytes = rawBytes == null ? null : rawBytes.clone();
        this.schemaId = schemaId;
    }

    public Reason reason() {
        return reason;
    }

    public String topic() {
        return topic;
    }

    /** A copy of the bytes that failed to deserialize; empty when serialization failed. */
    public byte[] rawBytes() {
        return rawBytes == null ? new byte[0] : rawBytes.clone();
    }

    /** The schema id read from the header, if the header was readable. */
    public OptionalInt schemaId() {
        return schemaId >= 0 ? OptionalInt.of(schemaId) : OptionalInt.empty();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + getMessage() + (rawBytes != null
                ? ", first bytes " + Arrays.toString(Arrays.copyOf(rawBytes, Math.min(rawBytes.length, 8))) : "") + "]";
    }
}
