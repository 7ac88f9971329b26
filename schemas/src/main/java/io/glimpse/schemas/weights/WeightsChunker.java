package io.glimpse.schemas.weights;

import io.glimpse.schemas.avro.ChunkDigest;
import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a {@link ModelPackage}'s weights into {@link ModelChunk}s small enough for a Kafka record and writes
 * the unsigned {@link ModelManifest} that describes them, with the SHA-256 of every chunk and of the whole
 * file, so that a follower can check each piece and the result.
 */
public final class WeightsChunker {

    /** 512 KiB: with the record's framing well under the broker's default 1 MB message limit. */
    public static final int DEFAULT_CHUNK_SIZE = 512 * 1024;

    private WeightsChunker() {}

    /**
     * Cuts the package's weights into chunks of {@code chunkSize} bytes (the last one shorter, if need be).
     *
     * @param p the package
     * @param chunkSize bytes per chunk, positive
     * @param createdTime the manifest's creation time, truncated to milliseconds as the schema stores it
     * @return the unsigned manifest (signature null) and the chunks in index order
     */
    public static PublishedModel cut(ModelPackage p, int chunkSize, Instant createdTime) {
        Objects.requireNonNull(p, "package");
        Objects.requireNonNull(createdTime, "createdTime");
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be positive, got " + chunkSize);
        }
        byte[] weights = p.weightsView();
        int count = (int) ((weights.length + (long) chunkSize - 1) / chunkSize);
        List<ModelChunk> chunks = new ArrayList<>(count);
        List<ChunkDigest> digests = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            int offset = index * chunkSize;
            int size = Math.min(chunkSize, weights.length - offset);
            String sha256 = Sha256.hex(weights, offset, size);
            digests.add(new ChunkDigest(index, size, sha256));
            chunks.add(ModelChunk.newBuilder()
                    .setVersion(p.getVersion())
                    .setIndex(index)
                    .setChunkCount(count)
                    .setOffset(offset)
                    .setSha256(sha256)
                    .setData(ByteBuffer.wrap(Arrays.copyOfRange(weights, offset, offset + size)))
                    .build());
        }
        ModelManifest manifest = ModelManifest.newBuilder()
                .setVersion(p.getVersion())
                .setArchitecture(p.getArchitecture())
                .setCreatedTime(createdTime.truncatedTo(ChronoUnit.MILLIS))
                .setConfigJson(p.getConfigJson())
                .setWeightsFormat(p.getWeightsFormat())
                .setClassLabels(p.getClassLabels())
                .setTotalSize(weights.length)
                .setSha256(Sha256.hex(weights))
                .setChunkSize(chunkSize)
                .setChunkCount(count)
                .setChunks(digests)
                .setAccuracy(p.getAccuracy())
                .setMetrics(p.getMetrics())
                .setSignature(null)
                .build();
        return new PublishedModel(manifest, chunks);
    }
}
