/**
 * Avro records generated from {@code schemas/src/main/avro/*.avsc} by the Avro Maven plugin:
 * {@link io.glimpse.schemas.avro.VideoFrame} in, {@link io.glimpse.schemas.avro.FrameResult} out,
 * {@link io.glimpse.schemas.avro.ModelManifest} and {@link io.glimpse.schemas.avro.ModelChunk} for
 * publishing weights. The {@code .avsc} files are the source of truth; every change to them must stay
 * BACKWARD compatible (new readers read old data), which {@code SchemaEvolutionTest} enforces against a
 * real registry.
 */
package io.glimpse.schemas.avro;
