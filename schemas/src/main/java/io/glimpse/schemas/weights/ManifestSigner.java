package io.glimpse.schemas.weights;

import io.glimpse.schemas.avro.ManifestSignature;
import io.glimpse.schemas.avro.ModelManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Signs manifests with the publisher's Ed25519 key, so that a follower loads only weights a trusted
 * publisher released: the manifest holds the SHA-256 of every chunk and of the whole file, so signing it
 * vouches for the weights too.
 *
 * <p>What is signed is {@link #signedBytes}: the Avro binary encoding of the manifest with its signature
 * set to null, as the schema's doc says (with the metrics in key order, so that the bytes are the same after
 * a trip through Kafka). A verifier re-encodes the manifest it read with its own copy of
 * the schema, so both sides must encode with the same ModelManifest schema; a field added later changes
 * the encoding, and a verifier on the newer schema then needs the publisher on it too.
 */
public final class ManifestSigner {

    private final PrivateKey privateKey;
    private final String keyId;

    /** A signer with this key pair; the public key names the signature ({@link SigningKeys#keyId}). */
    public ManifestSigner(KeyPair keys) {
        Objects.requireNonNull(keys, "keys");
        SigningKeys.requireEd25519(keys.getPrivate());
        try {
            if (!SigningKeys.matches(keys.getPrivate(), keys.getPublic())) {
                throw new IllegalArgumentException("the public key does not belong to the private key");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable " + SigningKeys.ALGORITHM + " key pair: " + e.getMessage(), e);
        }
        this.privateKey = keys.getPrivate();
        this.keyId = SigningKeys.keyId(keys.getPublic());
    }

    /** A signer with this private key; its public key is derived ({@link SigningKeys#publicKeyOf}). */
    public ManifestSigner(PrivateKey key) {
        this(new KeyPair(SigningKeys.publicKeyOf(key), key));
    }

    /** The id of the key that verifies this signer's signatures. */
    public String keyId() {
        return keyId;
    }

    /** A copy of {@code manifest} with this signer's signature over {@link #signedBytes} of it. */
    public ModelManifest sign(ModelManifest manifest) {
        byte[] value;
        try {
            Signature signature = Signature.getInstance(SigningKeys.ALGORITHM);
            signature.initSign(privateKey);
            signature.update(signedBytes(manifest));
            value = signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign with " + SigningKeys.ALGORITHM + ": " + e.getMessage(), e);
        }
        return ModelManifest.newBuilder(manifest)
                .setSignature(new ManifestSignature(SigningKeys.ALGORITHM, keyId, ByteBuffer.wrap(value)))
                .build();
    }

    /**
     * The bytes a signature covers: the Avro binary encoding of a copy of {@code manifest} with signature null
     * and its metrics map in key order. Avro writes a map in whatever order it iterates, and a decoded
     * manifest's map iterates in another order than the publisher's; sorting makes the bytes the same.
     */
    public static byte[] signedBytes(ModelManifest manifest) {
        Objects.requireNonNull(manifest, "manifest");
        ModelManifest unsigned = ModelManifest.newBuilder(manifest)
                .setSignature(null)
                .setMetrics(new TreeMap<>(manifest.getMetrics()))
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<ModelManifest>(ModelManifest.getClassSchema(), unsigned.getSpecificData())
                    .write(unsigned, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }
}
