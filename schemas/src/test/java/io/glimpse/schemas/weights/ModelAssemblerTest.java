package io.glimpse.schemas.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.glimpse.schemas.avro.ChunkDigest;
import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ModelAssemblerTest {

    private final ModelAssembler assembler = new ModelAssembler();
    private final PublishedModel v1 = Packages.published("v1", 10, 4);

    @Test
    void shouldAssembleChunksArrivingShuffledDuplicatedAndInterleavedWithAnotherVersion() throws Exception {
        PublishedModel v2 = Packages.published("v2", 2_000, 64);
        List<ModelChunk> arrivals = new ArrayList<>();
        arrivals.addAll(v1.chunks());
        arrivals.addAll(v2.chunks());
        arrivals.addAll(v2.chunks().subList(3, 9));
        arrivals.add(v1.chunks().get(1));
        Collections.shuffle(arrivals, new Random(42));

        arrivals.forEach(assembler::add);

        assertThat(assembler.complete(v2.manifest()).weights()).isEqualTo(weightsOf(v2));
        assertThat(assembler.complete(v1.manifest()).weights()).isEqualTo(weightsOf(v1));
    }

    @Test
    void shouldLetTheLatestCopyOfAChunkWin() throws Exception {
        v1.chunks().forEach(assembler::add);
        assembler.add(withData(v1.chunks().get(2), new byte[] {0, 0}));
        assembler.add(v1.chunks().get(2));

        assertThat(assembler.complete(v1.manifest()).weights()).isEqualTo(weightsOf(v1));
    }

    @Test
    void shouldCountTheBufferedBytesAndDropThemOnceTheManifestWasHandled() throws Exception {
        PublishedModel v2 = Packages.published("v2", 100, 64);
        v1.chunks().forEach(assembler::add);
        v1.chunks().forEach(assembler::add);
        v2.chunks().forEach(assembler::add);
        assertThat(assembler.bufferedBytes()).isEqualTo(110);
        assertThat(assembler.bufferedVersions()).containsExactlyInAnyOrder("v1", "v2");

        assembler.complete(v1.manifest());
        assertThat(assembler.bufferedBytes()).isEqualTo(100);

        assembler.forget("v2");
        assertThat(assembler.bufferedBytes()).isZero();
        assertThat(assembler.bufferedVersions()).isEmpty();
    }

    @Test
    void shouldDropAVersionsChunksWhenItsManifestIsRejected() {
        v1.chunks().forEach(assembler::add);

        rejection(withManifest(m -> m.setSha256("0".repeat(64))));

        assertThat(assembler.bufferedBytes()).isZero();
    }

    @Test
    void shouldNameTheMissingChunks() {
        PublishedModel many = Packages.published("v3", 100, 4);
        many.chunks().stream().filter(c -> c.getIndex() != 3 && c.getIndex() != 17).forEach(assembler::add);

        WeightsRejectedException e = rejection(many.manifest());

        assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_CHUNK);
        assertThat(e).hasMessage("v3: missing 2 of 25 chunks: [3, 17]");
    }

    @Test
    void shouldRefuseAChunkWhoseBytesDoNotHashToTheManifestsDigest() {
        ModelChunk chunk = v1.chunks().get(1);
        byte[] data = bytes(chunk.getData());
        data[0] ^= 1;
        assembler.add(v1.chunks().get(0));
        assembler.add(withData(chunk, data));
        assembler.add(v1.chunks().get(2));

        WeightsRejectedException e = rejection(v1.manifest());

        assertThat(e.reason()).isEqualTo(RejectionReason.CHUNK_HASH_MISMATCH);
        assertThat(e).hasMessageStartingWith("v1: chunk 1 hashes to " + Sha256.hex(data).substring(0, 12))
                .hasMessageContaining("the manifest says " + chunk.getSha256().substring(0, 12));
    }

    @Test
    void shouldRefuseAChunkOfAnotherSizeThanTheManifestGives() {
        assembler.add(v1.chunks().get(0));
        assembler.add(withData(v1.chunks().get(1), new byte[] {1, 2, 3}));
        assembler.add(v1.chunks().get(2));

        WeightsRejectedException e = rejection(v1.manifest());

        assertThat(e.reason()).isEqualTo(RejectionReason.CHUNK_HASH_MISMATCH);
        assertThat(e).hasMessage("v1: chunk 1 has 3 bytes, the manifest says 4");
    }

    @Test
    void shouldRefuseAFileWhoseWholeHashIsNotTheManifests() {
        v1.chunks().forEach(assembler::add);

        WeightsRejectedException e = rejection(withManifest(m -> m.setSha256("ab".repeat(32))));

        assertThat(e.reason()).isEqualTo(RejectionReason.WHOLE_HASH_MISMATCH);
        assertThat(e).hasMessageContaining("v1: the 10-byte file hashes to " + v1.manifest().getSha256().substring(0, 12))
                .hasMessageContaining("the manifest says abababababab");
    }

    @Test
    void shouldRefuseAManifestThatContradictsItself() {
        List<ChunkDigest> digests = v1.manifest().getChunks();
        ChunkDigest first = digests.get(0);
        List<UnaryOperator<ModelManifest.Builder>> defects = List.of(
                m -> m.setChunkCount(4),
                m -> m.setChunkCount(0).setChunks(List.of()),
                m -> m.setTotalSize(11),
                m -> m.setTotalSize(-1),
                m -> m.setChunkSize(0),
                m -> m.setChunkSize(3),
                m -> m.setSha256("ABC"),
                m -> m.setChunks(List.of(digests.get(1), first, digests.get(2))),
                m -> m.setChunks(List.of(new ChunkDigest(0, 4, first.getSha256().toUpperCase()), digests.get(1), digests.get(2))),
                m -> m.setChunks(List.of(new ChunkDigest(0, 2, first.getSha256()), digests.get(1), new ChunkDigest(2, 4,
                        digests.get(2).getSha256()))));

        for (UnaryOperator<ModelManifest.Builder> defect : defects) {
            v1.chunks().forEach(assembler::add);
            WeightsRejectedException e = rejection(withManifest(defect));
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(RejectionReason.MALFORMED_MANIFEST);
            assertThat(e).hasMessageStartingWith("v1: malformed manifest: ");
            assertThat(assembler.bufferedBytes()).isZero();
        }
    }

    @Test
    void shouldIgnoreAChunkWithoutAValidIndex() throws Exception {
        v1.chunks().forEach(assembler::add);
        assembler.add(ModelChunk.newBuilder(v1.chunks().get(0)).setIndex(-1).build());

        assertThat(assembler.bufferedBytes()).isEqualTo(10);
        assertThat(assembler.complete(v1.manifest()).weights()).isEqualTo(weightsOf(v1));
    }

    private WeightsRejectedException rejection(ModelManifest manifest) {
        return catchThrowableOfType(WeightsRejectedException.class, () -> assembler.complete(manifest));
    }

    private ModelManifest withManifest(UnaryOperator<ModelManifest.Builder> change) {
        return change.apply(ModelManifest.newBuilder(v1.manifest())).build();
    }

    private static ModelChunk withData(ModelChunk chunk, byte[] data) {
        return ModelChunk.newBuilder(chunk).setData(ByteBuffer.wrap(data)).build();
    }

    private static byte[] weightsOf(PublishedModel model) {
        ByteBuffer all = ByteBuffer.allocate((int) model.manifest().getTotalSize());
        model.chunks().forEach(c -> all.put(c.getData().duplicate()));
        return all.array();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
