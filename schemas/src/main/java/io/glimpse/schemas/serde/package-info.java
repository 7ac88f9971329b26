/**
 * Kafka serdes for Avro records in Confluent's wire format — magic byte 0, the 4-byte big-endian schema
 * id, then the Avro binary encoding — so that Confluent's clients and Glimpse read each other's records.
 * A record that cannot be read through its own fault fails with a
 * {@link io.glimpse.schemas.serde.SerializationFailure} that names the reason and keeps the raw bytes, for a
 * dead-letter topic; trouble with the registry propagates as a
 * {@link io.glimpse.schemas.registry.SchemaRegistryException} instead, for the caller to retry. Decoding
 * allocates no more than the record's bytes can back, whatever lengths they announce.
 */
package io.glimpse.schemas.serde;
