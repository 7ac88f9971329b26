/**
 * A client for the Confluent schema-registry REST protocol (v7), which Confluent's own serdes, Apicurio's
 * {@code /apis/ccompat/v7} and Redpanda all speak. Glimpse has its own because Confluent's Java client is
 * not on Maven Central. {@link io.glimpse.schemas.registry.SchemaRegistryClient} is the interface;
 * {@link io.glimpse.schemas.registry.RestSchemaRegistryClient} talks HTTP with retries and credentials,
 * {@link io.glimpse.schemas.registry.CachingSchemaRegistryClient} remembers what never changes.
 * Avro only; schema references are not supported (Glimpse's schemas are self-contained).
 */
package io.glimpse.schemas.registry;
