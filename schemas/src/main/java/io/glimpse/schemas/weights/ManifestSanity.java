package io.glimpse.schemas.weights;

import io.glimpse.schemas.avro.ChunkDigest;
import io.glimpse.schemas.avro.ModelManifest;
import java.util.List;

/**
 * Checks that a manifest agrees with itself before any chunk is looked at or any memory is taken for the
 * file it announces: a manifest is data from the topic, and its numbers decide allocations.
 */
final class ManifestSanity {

    /** The largest weights file one Java array can hold. */
    static final long MAX_TOTAL_SIZE = Integer.MAX_VALUE - 8;

    private ManifestSanity() {}

    static void check(ModelManifest m) throws WeightsRejectedException {
        String version = m.getVersion();
        try {
            ModelsTopic.requireValidVersion(version);
        } catch (IllegalArgumentException e) {
            throw malformed(String.valueOf(version), e.getMessage());
        }
        List<ChunkDigest> chunks = m.getChunks();
        int count = m.getChunkCount();
        if (chunks == null || count <= 0 || count != chunks.size()) {
            throw malformed(version, "chunkCount " + count + " but " + (chunks == null ? 0 : chunks.size())
                    + " chunk digests");
        }
        if (m.getChunkSize() <= 0) {
            throw malformed(version, "chunkSize " + m.getChunkSize());
        }
        if (m.getTotalSize() <= 0 || m.getTotalSize() > MAX_TOTAL_SIZE) {
            throw malformed(version, "totalSize " + m.getTotalSize() + " outside 1.." + MAX_TOTAL_SIZE);
        }
        if (!Sha256.isHex(m.getSha256())) {
            throw malformed(version, "sha256 '" + m.getSha256() + "' is not 64 lowercase hex characters");
        }
        long sum = 0;
        for (int i = 0; i < count; i++) {
            ChunkDigest digest = chunks.get(i);
            if (digest.getIndex() != i) {
                throw malformed(version, "chunk digest " + i + " has index " + digest.getIndex());
            }
            int size = digest.getSize();
            boolean last = i == count - 1;
            if (size <= 0 || size > m.getChunkSize() || (!last && size != m.getChunkSize())) {
                throw malformed(version, "chunk " + i + " has size " + size + " with chunkSize " + m.getChunkSize()
                        + (last ? "" : " (only the last chunk may be shorter)"));
            }
            if (!Sha256.isHex(digest.getSha256())) {
                throw malformed(version, "chunk " + i + " sha256 '" + digest.getSha256()
                        + "' is not 64 lowercase hex characters");
            }
            sum += size;
        }
        if (sum != m.getTotalSize()) {
            throw malformed(version, "chunk sizes sum to " + sum + ", totalSize is " + m.getTotalSize());
        }
    }

    private static WeightsRejectedException malformed(String version, String what) {
        return new WeightsRejectedException(RejectionReason.MALFORMED_MANIFEST, version + ": malformed manifest: " + what);
    }
}
