/**
 * Glimpse's wire contract with every other service: Avro records ({@link io.glimpse.schemas.avro}),
 * a client for the Confluent schema-registry protocol ({@link io.glimpse.schemas.registry}) and Kafka
 * serdes in Confluent's wire format ({@link io.glimpse.schemas.serde}), and model weights over Kafka: chunked,
 * hashed, signed and published in one transaction ({@link io.glimpse.schemas.weights}). Knows nothing of the
 * model beyond its bytes.
 */
package io.glimpse.schemas;
