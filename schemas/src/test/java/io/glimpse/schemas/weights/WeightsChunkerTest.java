package io.glimpse.schemas.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.schemas.avro.ChunkDigest;
import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeightsChunkerTest {

    @ParameterizedTest(name = "{0} bytes in chunks of {1}: {2} chunks")
    @CsvSource({
            "1, 4, 1",
            "10, 4, 3",
            "12, 4, 3",
            "4, 4, 1",
            "1048576, 524288, 2",
            "1048577, 524288, 3"})
    void shouldCutWeightsIntoChunksThatReassembleIntoTheSameFile(int size, int chunkSize, int chunks) throws Exception {
        byte[] weights = Packages.bytes(size, 7);
        PublishedModel model = WeightsChunker.cut(Packages.of("v1", weights), chunkSize, Packages.CREATED);

        assertThat(model.chunks()).hasSize(chunks);
        assertThat(model.manifest().getChunkCount()).isEqualTo(chunks);
        assertThat(model.manifest().getTotalSize()).isEqualTo(size);
        ModelAssembler assembler = new ModelAssembler();
        model.chunks().forEach(assembler::add);
        assertThat(assembler.complete(model.manifest()).weights()).isEqualTo(weights);
    }

    @Test
    void shouldGiveEveryChunkButTheLastTheChunkSize() {
        PublishedModel model = Packages.published("v1", 10, 4);

        assertThat(model.manifest().getChunks()).extracting(ChunkDigest::getSize).containsExactly(4, 4, 2);
        assertThat(model.chunks()).extracting(ModelChunk::getOffset).containsExactly(0L, 4L, 8L);
        assertThat(model.chunks()).extracting(ModelChunk::getIndex).containsExactly(0, 1, 2);
        assertThat(model.chunks()).allSatisfy(chunk -> assertThat(chunk.getChunkCount()).isEqualTo(3));
    }

    @Test
    void shouldHashEveryChunkAndTheWholeFileInLowercaseHex() {
        byte[] weights = Packages.bytes(10, 7);
        PublishedModel model = WeightsChunker.cut(Packages.of("v1", weights), 4, Packages.CREATED);

        assertThat(model.manifest().getSha256()).isEqualTo(Sha256.hex(weights)).matches("[0-9a-f]{64}");
        for (ModelChunk chunk : model.chunks()) {
            String expected = Sha256.hex(chunk.getData());
            assertThat(chunk.getSha256()).isEqualTo(expected);
            assertThat(model.manifest().getChunks().get(chunk.getIndex()).getSha256()).isEqualTo(expected);
        }
    }

    @Test
    void shouldCarryThePackageIntoAnUnsignedManifest() {
        ModelPackage p = Packages.of("v1", Packages.bytes(10, 7));

        ModelManifest manifest = WeightsChunker.cut(p, 4, Instant.parse("2026-01-15T10:15:30.123456789Z")).manifest();

        assertThat(manifest.getSignature()).isNull();
        assertThat(manifest.getVersion()).isEqualTo("v1");
        assertThat(manifest.getArchitecture()).isEqualTo("dynamicvit");
        assertThat(manifest.getConfigJson()).isEqualTo(p.getConfigJson());
        assertThat(manifest.getWeightsFormat()).isEqualTo("safetensors");
        assertThat(manifest.getClassLabels()).containsExactly("T-shirt/top", "Trouser");
        assertThat(manifest.getAccuracy()).isEqualTo(p.getAccuracy());
        assertThat(manifest.getMetrics()).containsEntry("testFrames", 10_000.0);
        assertThat(manifest.getChunkSize()).isEqualTo(4);
        assertThat(manifest.getCreatedTime()).as("as the schema stores it").isEqualTo("2026-01-15T10:15:30.123Z");
    }

    @Test
    void shouldRefuseAChunkSizeBelowOne() {
        ModelPackage p = Packages.of("v1", Packages.bytes(10, 7));

        assertThatThrownBy(() -> WeightsChunker.cut(p, 0, Packages.CREATED)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunkSize");
    }
}
