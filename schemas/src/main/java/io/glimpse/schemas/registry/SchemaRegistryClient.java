package io.glimpse.schemas.registry;

import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The schema-registry operations Glimpse needs, in the vocabulary of the Confluent protocol: a
 * <em>subject</em> is a named sequence of schema <em>versions</em>; every distinct schema has one global
 * <em>id</em>, which is what travels in each Kafka record.
 *
 * <p>All methods throw {@link SchemaRegistryException}s, of two kinds. The registry's verdicts on what was
 * asked: {@link SchemaNotFoundException} (404 with the registry's own error code),
 * {@link IncompatibleSchemaException} (409), a plain {@code SchemaRegistryException} for other refusals
 * with a registry error code (422). And trouble reaching or understanding the registry, which says nothing
 * about the schema or record at hand: {@link RegistryUnreachableException} (outage, timeouts, retries or
 * budget spent, circuit open) and {@link RegistryConfigurationException} (credentials refused, wrong URL,
 * an answer that is not the protocol). Whoever holds a record must not dead-letter it for the second
 * kind, but retry it later. No message carries the client's credentials.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (a no-op if it is already there) and returns its id. */
    int register(String subject, Schema schema);

    /** Returns the id of {@code schema} if it is registered under {@code subject}, without registering it. */
    int idOf(String subject, Schema schema);

    /** Returns the schema with this global id. */
    Schema schemaById(int id);

    /** Returns the newest version registered under {@code subject}. */
    RegisteredSchema latest(String subject);

    /** Returns version {@code version} (1-based) of {@code subject}. */
    RegisteredSchema version(String subject, int version);

    /**
     * Tells whether {@code schema} may be registered next under {@code subject} given the subject's
     * compatibility level; true for a subject that has no version yet.
     */
    boolean isCompatible(String subject, Schema schema);

    /** Sets the compatibility level that new versions of {@code subject} must satisfy. */
    void setCompatibility(String subject, Compatibility compatibility);

    /** The level set for {@code subject} itself, if any (the registry's global level applies otherwise). */
    Optional<Compatibility> compatibility(String subject);
}
