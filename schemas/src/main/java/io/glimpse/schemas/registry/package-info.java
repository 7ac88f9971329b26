/**
 * A client for the Confluent schema-registry REST protocol (v7), which Confluent's own serdes, Apicurio's
 * {@code /apis/ccompat/v7} and Redpanda all speak. Glimpse has its own because Confluent's Java client is
 * not on Maven Central. {@link io.glimpse.schemas.registry.SchemaRegistryClient} is the interface;
 * {@link io.glimpse.schemas.registry.RestSchemaRegistryClient} talks HTTP with retries and credentials,
 * {@link io.glimpse.schemas.registry.CachingSchemaRegistryClient} remembers what never changes.
 * Avro only; schema references are not supported (Glimpse's schemas are self-contained).
 *
 * <p>The exceptions say whose fault a failure is: only the registry's own verdicts (schema not found with
 * its error code, incompatible) concern what was asked; an outage
 * ({@link io.glimpse.schemas.registry.RegistryUnreachableException}) or a misconfiguration
 * ({@link io.glimpse.schemas.registry.RegistryConfigurationException}) never does, so a record is never
 * dead-lettered for one. Retries back off with jitter, honour {@code Retry-After}, stop within a time
 * budget and stop altogether for a while behind a circuit breaker ({@link io.glimpse.schemas.registry.RetryPolicy}).
 * Credentials travel only in the {@code Authorization} header, never in a message or log line.
 */
package io.glimpse.schemas.registry;
