/**
 * Model weights over Kafka, both ends: the publisher cuts a {@link io.glimpse.schemas.weights.ModelPackage}
 * into chunks ({@link io.glimpse.schemas.weights.WeightsChunker}), signs the manifest
 * ({@link io.glimpse.schemas.weights.ManifestSigner}) and writes it all in one transaction
 * ({@link io.glimpse.schemas.weights.WeightsPublisher}); a follower reassembles and checks the weights
 * ({@link io.glimpse.schemas.weights.ModelAssembler}) and the signature
 * ({@link io.glimpse.schemas.weights.TrustedKeys}), refusing with a
 * {@link io.glimpse.schemas.weights.RejectionReason} what fails. {@link io.glimpse.schemas.weights.ModelsTopic}
 * fixes keys, partitioning and topic settings for both. Only the JDK's cryptography (SHA-256, Ed25519);
 * nothing here loads a model.
 */
package io.glimpse.schemas.weights;
