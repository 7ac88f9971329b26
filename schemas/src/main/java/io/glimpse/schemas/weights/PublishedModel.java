package io.glimpse.schemas.weights;

import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import java.util.List;
import java.util.Objects;

/**
 * One model version as it lies on the models topic: its manifest and its chunks in index order. What the
 * chunker produces, the publisher writes, and the topic reader finds again for a rollback.
 *
 * @param manifest the manifest, signed or not
 * @param chunks the chunks, all of the manifest's version
 */
public record PublishedModel(ModelManifest manifest, List<ModelChunk> chunks) {

    public PublishedModel {
        Objects.requireNonNull(manifest, "manifest");
        chunks = List.copyOf(chunks);
        String version = manifest.getVersion();
        for (ModelChunk chunk : chunks) {
            if (!Objects.equals(version, chunk.getVersion())) {
                throw new IllegalArgumentException("chunk " + chunk.getIndex() + " is of version " + chunk.getVersion()
                        + ", not of the manifest's " + version);
            }
        }
    }

    /** The manifest's version. */
    public String version() {
        return manifest.getVersion();
    }

    /** The same chunks under another manifest: the signed one, typically. */
    public PublishedModel withManifest(ModelManifest replacement) {
        return new PublishedModel(replacement, chunks);
    }
}
