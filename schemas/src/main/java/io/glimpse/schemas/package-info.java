/**
 * Glimpse's wire contract with every other service: Avro records ({@link io.glimpse.schemas.avro}),
 * a client for the Confluent schema-registry protocol ({@link io.glimpse.schemas.registry}) and Kafka
 * serdes in Confluent's wire format ({@link io.glimpse.schemas.serde}). Knows nothing of the model.
 */
package io.glimpse.schemas;
