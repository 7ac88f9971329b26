package io.glimpse.schemas.weights;

import io.glimpse.schemas.avro.ChunkDigest;
import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the chunks read from the models topic and, when a manifest arrives, puts its version's weights
 * file together and checks it: every chunk present, each with the size and SHA-256 the manifest gives,
 * and the whole file with the manifest's SHA-256.
 *
 * <p>Chunks may come in any order, more than once (producer retries, a re-publication) and interleaved
 * with other versions' chunks: they are kept per version and index, the latest copy winning. A version's
 * chunks are dropped once its manifest was handled — assembled or rejected — or when {@link #forget}
 * says so; until then they count in {@link #bufferedBytes()}, which the caller may bound.
 *
 * <p>Not thread-safe: one consumer thread owns it.
 */
public final class ModelAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(ModelAssembler.class);
    /** How many missing indices a message lists before it only counts the rest. */
    private static final int LISTED_MISSING = 10;

    private final Map<String, Map<Integer, ModelChunk>> byVersion = new HashMap<>();
    private long bufferedBytes;

    /** Keeps a chunk until its manifest comes; a chunk without version, data or a valid index is ignored. */
    public void add(ModelChunk chunk) {
        if (chunk == null || chunk.getVersion() == null || chunk.getData() == null || chunk.getIndex() < 0) {
            LOG.warn("Ignoring a chunk without version, data or a valid index: {}", describe(chunk));
            return;
        }
        ModelChunk previous = byVersion.computeIfAbsent(chunk.getVersion(), v -> new HashMap<>())
                .put(chunk.getIndex(), chunk);
        bufferedBytes += chunk.getData().remaining() - (previous == null ? 0 : previous.getData().remaining());
    }

    /**
     * Assembles and checks the weights of {@code m}'s version from the chunks buffered for it, then drops
     * them, whatever the outcome.
     *
     * @throws WeightsRejectedException {@link RejectionReason#MALFORMED_MANIFEST},
     *     {@link RejectionReason#MISSING_CHUNK}, {@link RejectionReason#CHUNK_HASH_MISMATCH} or
     *     {@link RejectionReason#WHOLE_HASH_MISMATCH}
     */
    public AssembledModel complete(ModelManifest m) throws WeightsRejectedException {
        try {
            return assemble(m);
        } finally {
            forget(m.getVersion());
        }
    }

    /** Drops whatever is buffered for {@code version}. */
    public void forget(String version) {
        Map<Integer, ModelChunk> dropped = version == null ? null : byVersion.remove(version);
        if (dropped != null) {
            for (ModelChunk chunk : dropped.values()) {
                bufferedBytes -= chunk.getData().remaining();
            }
        }
    }

    /** The bytes of chunk data held, all versions together. */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** The versions with chunks held. */
    public Set<String> bufferedVersions() {
        return Set.copyOf(byVersion.keySet());
    }

    private AssembledModel assemble(ModelManifest m) throws WeightsRejectedException {
        ManifestSanity.check(m);
        String version = m.getVersion();
        Map<Integer, ModelChunk> held = byVersion.getOrDefault(version, Map.of());
        List<ChunkDigest> digests = m.getChunks();
        List<Integer> missing = new ArrayList<>();
        for (ChunkDigest digest : digests) {
            if (!held.containsKey(digest.getIndex())) {
                missing.add(digest.getIndex());
            }
        }
        if (!missing.isEmpty()) {
            throw new WeightsRejectedException(RejectionReason.MISSING_CHUNK, version + ": missing " + missing.size()
                    + " of " + digests.size() + " chunks: " + list(missing));
        }
        for (ChunkDigest digest : digests) {
            ByteBuffer data = held.get(digest.getIndex()).getData();
            if (data.remaining() != digest.getSize()) {
                throw new WeightsRejectedException(RejectionReason.CHUNK_HASH_MISMATCH, version + ": chunk "
                        + digest.getIndex() + " has " + data.remaining() + " bytes, the manifest says " + digest.getSize());
            }
        }
        byte[] weights = new byte[(int) m.getTotalSize()];
        MessageDigest whole = Sha256.digest();
        int offset = 0;
        for (ChunkDigest digest : digests) {
            ByteBuffer data = held.get(digest.getIndex()).getData().duplicate();
            String actual = Sha256.hex(data);
            if (!actual.equals(digest.getSha256())) {
                throw new WeightsRejectedException(RejectionReason.CHUNK_HASH_MISMATCH, version + ": chunk "
                        + digest.getIndex() + " hashes to " + Sha256.prefix(actual) + "..., the manifest says "
                        + Sha256.prefix(digest.getSha256()) + "...");
            }
            int size = data.remaining();
            data.get(weights, offset, size);
            whole.update(weights, offset, size);
            offset += size;
        }
        String actual = Sha256.hexOf(whole);
        if (!actual.equals(m.getSha256())) {
            throw new WeightsRejectedException(RejectionReason.WHOLE_HASH_MISMATCH, version + ": the "
                    + weights.length + "-byte file hashes to " + Sha256.prefix(actual) + "..., the manifest says "
                    + Sha256.prefix(m.getSha256()) + "...");
        }
        return new AssembledModel(m, weights);
    }

    private static String list(List<Integer> indices) {
        List<Integer> shown = indices.subList(0, Math.min(indices.size(), LISTED_MISSING));
        return shown + (indices.size() > shown.size() ? " and " + (indices.size() - shown.size()) + " more" : "");
    }

    private static String describe(ModelChunk chunk) {
        return chunk == null ? "null" : "version " + chunk.getVersion() + ", index " + chunk.getIndex();
    }
}
