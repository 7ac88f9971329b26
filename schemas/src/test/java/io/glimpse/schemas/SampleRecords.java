package io.glimpse.schemas;

import io.glimpse.schemas.avro.ChunkDigest;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.Label;
import io.glimpse.schemas.avro.ManifestSignature;
import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.avro.ModelStatusEvent;
import io.glimpse.schemas.avro.ModelStatusKind;
import io.glimpse.schemas.avro.PatchGrid;
import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.RhoAccuracy;
import io.glimpse.schemas.avro.StageKeep;
import io.glimpse.schemas.avro.Timings;
import io.glimpse.schemas.avro.VideoFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One realistic instance of every Glimpse record, for tests. */
public final class SampleRecords {

    public static final Instant CAPTURED = Instant.parse("2026-01-15T10:15:30.123Z");

    private SampleRecords() {}

    public static VideoFrame videoFrame() {
        byte[] pixels = new byte[4 * 3 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        return VideoFrame.newBuilder()
                .setStreamId("cam-7")
                .setSequence(1_234_567_890_123L)
                .setCaptureTime(CAPTURED)
                .setWidth(4)
                .setHeight(3)
                .setChannels(3)
                .setEncoding(PixelEncoding.RGB8)
                .setData(ByteBuffer.wrap(pixels))
                .build();
    }

    public static FrameResult frameResult() {
        return FrameResult.newBuilder()
                .setStreamId("cam-7")
                .setSequence(42L)
                .setCaptureTime(CAPTURED)
                .setResultTime(CAPTURED.plusMillis(37))
                .setLabels(List.of(new Label(281, "tabby cat", 0.8125f), new Label(285, "Egyptian cat", 0.125f)))
                .setKeepRatio(0.7f)
                .setModelVersion("dynamicvit-s-2026-01-15-a1b2c3")
                .setPatchGrid(new PatchGrid(14, 14, 16))
                .setKeptTokens(List.of(
                        new StageKeep(1, List.of(17, 3, 190, 44)),
                        new StageKeep(2, List.of(17, 190, 3)),
                        new StageKeep(3, List.of(190, 17))))
                .setTimings(new Timings(1_500L, 23_250L, 37_000L))
                .build();
    }

    public static ModelManifest modelManifest() {
        return ModelManifest.newBuilder()
                .setVersion("dynamicvit-s-2026-01-15-a1b2c3")
                .setArchitecture("dynamicvit-small")
                .setCreatedTime(CAPTURED)
                .setConfigJson("{\"imageSize\":224,\"patchSize\":16,\"depth\":12,\"pruneLocations\":[3,6,9]}")
                .setWeightsFormat("djl-params")
                .setClassLabels(List.of("tench", "goldfish"))
                .setTotalSize(3L)
                .setSha256("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81")
                .setChunkSize(2)
                .setChunkCount(2)
                .setChunks(List.of(
                        new ChunkDigest(0, 2, "a12871fee210fb8619291eaea194581cbd2531e4b23759d225f6806923f63222"),
                        new ChunkDigest(1, 1, "084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5")))
                .setAccuracy(List.of(new RhoAccuracy(0.7f, 0.797f, 0.95f, 2.9f), new RhoAccuracy(1.0f, 0.798f, null, null)))
                .setMetrics(Map.of("evalImages", 50_000.0))
                .setSignature(new ManifestSignature("Ed25519", "release-2026", ByteBuffer.wrap(new byte[] {9, 8, 7})))
                .build();
    }

    public static ModelChunk modelChunk() {
        return ModelChunk.newBuilder()
                .setVersion("dynamicvit-s-2026-01-15-a1b2c3")
                .setIndex(1)
                .setChunkCount(2)
                .setOffset(2L)
                .setSha256("084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5")
                .setData(ByteBuffer.wrap(new byte[] {3}))
                .build();
    }

    public static ModelStatusEvent modelStatusEvent() {
        return ModelStatusEvent.newBuilder()
                .setInstance("glimpse-7f9c")
                .setVersion("dynamicvit-s-2026-01-15-a1b2c3")
                .setPreviousVersion("dynamicvit-s-2026-01-08-9f8e7d")
                .setEvent(ModelStatusKind.REJECTED)
                .setReason("chunk-hash-mismatch")
                .setDetail("dynamicvit-s-2026-01-15-a1b2c3: chunk 3 hashes to 1a2b3c4d5e6f, the manifest says 9f8e7d6c5b4a")
                .setTime(CAPTURED.plusSeconds(60))
                .build();
    }
}
