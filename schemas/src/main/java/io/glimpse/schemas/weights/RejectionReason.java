package io.glimpse.schemas.weights;

import java.util.Locale;

/**
 * Why a follower refused a published model version, one value per check it runs, so that metrics and
 * status events can count and name refusals without parsing messages. The first group is decided here
 * (signature, manifest, chunks, hashes); the second by the app that loads the weights.
 */
public enum RejectionReason {
    /** The manifest has no signature and unsigned manifests are not allowed. */
    UNSIGNED,
    /** The signature's key id is not among the trusted keys. */
    UNTRUSTED_KEY,
    /** The signature is not Ed25519 or does not verify: the manifest changed after signing, or is forged. */
    BAD_SIGNATURE,
    /** The manifest contradicts itself: chunk count, indices, sizes or hash formats. */
    MALFORMED_MANIFEST,
    /** Some chunk the manifest lists never arrived. */
    MISSING_CHUNK,
    /** A chunk's bytes do not have the size or SHA-256 the manifest gives for it. */
    CHUNK_HASH_MISMATCH,
    /** The reassembled file does not have the manifest's SHA-256. */
    WHOLE_HASH_MISMATCH,
    /** The model configuration cannot serve here (another architecture, input size or class count). */
    INCOMPATIBLE_CONFIG,
    /** A tensor the configuration needs is not in the weights. */
    MISSING_TENSOR,
    /** A tensor has another shape than the configuration implies. */
    MISSHAPED_TENSOR,
    /** A weight is NaN or infinite. */
    NON_FINITE_WEIGHTS,
    /** The weights could not be loaded for another reason. */
    LOAD_FAILED,
    /** The loaded model failed its canary frames. */
    CANARY_FAILED;

    /** Lowercase with dashes, for metric tags and status events, e.g. {@code chunk-hash-mismatch}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
