package io.glimpse.schemas.weights;

import io.glimpse.schemas.avro.ManifestSignature;
import io.glimpse.schemas.avro.ModelManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The publisher keys a follower trusts, by key id: the gate that keeps a follower from loading weights
 * nobody it trusts released. Immutable.
 */
public final class TrustedKeys {

    private static final TrustedKeys NONE = new TrustedKeys(Map.of());

    private final Map<String, PublicKey> keys;

    private TrustedKeys(Map<String, PublicKey> keys) {
        this.keys = keys;
    }

    /** Trusts these Ed25519 public keys. */
    public static TrustedKeys of(Collection<PublicKey> publicKeys) {
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        for (PublicKey key : publicKeys) {
            byId.put(SigningKeys.keyId(key), key);
        }
        return byId.isEmpty() ? NONE : new TrustedKeys(Collections.unmodifiableMap(byId));
    }

    /** Trusts the keys in these PEM {@code PUBLIC KEY} files. */
    public static TrustedKeys load(List<Path> publicKeyFiles) throws IOException {
        List<PublicKey> loaded = new ArrayList<>();
        for (Path file : publicKeyFiles) {
            loaded.add(SigningKeys.readPublicKey(file));
        }
        return of(loaded);
    }

    /** Trusts no key: only unsigned manifests can pass, and only where they are allowed. */
    public static TrustedKeys none() {
        return NONE;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The ids of the trusted keys. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /**
     * Passes a manifest signed by a trusted key, or an unsigned one when {@code allowUnsigned}; a manifest
     * that carries a signature must verify even then.
     *
     * @throws WeightsRejectedException {@link RejectionReason#UNSIGNED}, {@link RejectionReason#UNTRUSTED_KEY}
     *     or {@link RejectionReason#BAD_SIGNATURE}
     */
    public void verify(ModelManifest m, boolean allowUnsigned) throws WeightsRejectedException {
        String version = m.getVersion();
        ManifestSignature signature = m.getSignature();
        if (signature == null) {
            if (allowUnsigned) {
                return;
            }
            throw new WeightsRejectedException(RejectionReason.UNSIGNED,
                    version + ": the manifest is not signed and unsigned manifests are not allowed");
        }
        PublicKey key = keys.get(signature.getKeyId());
        if (key == null) {
            throw new WeightsRejectedException(RejectionReason.UNTRUSTED_KEY, version + ": signed by key "
                    + signature.getKeyId() + ", which is not trusted (trusted: " + (keys.isEmpty() ? "none" : keys.keySet()) + ")");
        }
        if (!SigningKeys.ALGORITHM.equals(signature.getAlgorithm())) {
            throw new WeightsRejectedException(RejectionReason.BAD_SIGNATURE, version + ": signature algorithm "
                    + signature.getAlgorithm() + ", expected " + SigningKeys.ALGORITHM);
        }
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(SigningKeys.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(ManifestSigner.signedBytes(m));
            valid = verifier.verify(bytes(signature.getValue()));
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new WeightsRejectedException(RejectionReason.BAD_SIGNATURE, version
                    + ": the signature by key " + signature.getKeyId() + " does not verify; the manifest was altered after signing or the signature is forged");
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    @Override
    public String toString() {
        return "TrustedKeys" + keys.keySet();
    }
}
