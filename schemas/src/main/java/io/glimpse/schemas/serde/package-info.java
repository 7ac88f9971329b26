/**
 * Kafka serdes for Avro records in Confluent's wire format — magic byte 0, the 4-byte big-endian schema
 * id, then the Avro binary encoding — so that Confluent's clients and Glimpse read each other's records.
 * Anything that cannot be read fails with a {@link io.glimpse.schemas.serde.SerializationFailure} that
 * names the reason and keeps the raw bytes, for a dead-letter topic.
 */
package io.glimpse.schemas.serde;
