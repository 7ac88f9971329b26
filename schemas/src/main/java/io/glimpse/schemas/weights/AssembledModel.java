package io.glimpse.schemas.weights;

import io.glimpse.schemas.avro.ModelManifest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A model version whose chunks all arrived and hashed as its manifest says: the weights file, whole and
 * checked, ready to load. Its signature is checked apart ({@link TrustedKeys}).
 *
 * <p>The weights can be large (hundreds of MB): {@link #openWeights()} reads them without a copy,
 * {@link #weights()} returns a copy.
 *
 * @param manifest the manifest the weights match
 * @param weights the weights file; the record keeps the array as given, so the caller hands over its own
 */
public record AssembledModel(ModelManifest manifest, byte[] weights) {

    public AssembledModel {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(weights, "weights");
    }

    /** A copy of the weights file. */
    @Override
    public byte[] weights() {
        return weights.clone();
    }

    /** Reads the weights file without copying it. */
    public InputStream openWeights() {
        return new ByteArrayInputStream(weights);
    }

    /** The size of the weights file, in bytes. */
    public int size() {
        return weights.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AssembledModel other && manifest.equals(other.manifest) && Arrays.equals(weights, other.weights);
    }

    @Override
    public int hashCode() {
        return 31 * manifest.hashCode() + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "AssembledModel[" + manifest.getVersion() + ", " + weights.length + " bytes]";
    }
}
