package io.glimpse.clients.view;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.Label;
import io.glimpse.schemas.avro.PatchGrid;
import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.StageKeep;
import io.glimpse.schemas.avro.Timings;
import io.glimpse.schemas.avro.VideoFrame;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Frames and results for the specs. */
final class Records {

    private Records() {}

    static VideoFrame frame(String camera, long sequence) {
        byte[] rgb = new byte[4 * 4 * 3];
        rgb[0] = (byte) 255;
        return VideoFrame.newBuilder().setStreamId(camera).setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(1_000 + sequence * 200)).setWidth(4).setHeight(4).setChannels(3)
                .setEncoding(PixelEncoding.RGB8).setData(ByteBuffer.wrap(rgb)).build();
    }

    static FrameResult result(String camera, long sequence, String label, float rho, String model) {
        long capture = 1_000 + sequence * 200;
        return FrameResult.newBuilder().setStreamId(camera).setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(capture)).setResultTime(Instant.ofEpochMilli(capture + 40 + sequence))
                .setLabels(List.of(new Label(3, label, 0.8f), new Label(1, "other", 0.1f)))
                .setKeepRatio(rho).setModelVersion(model).setPatchGrid(new PatchGrid(2, 2, 2))
                .setKeptTokens(List.of(new StageKeep(1, List.of(0, 1, 3)), new StageKeep(2, List.of(3, 0))))
                .setTimings(new Timings(1L, 2L, 3L)).build();
    }

    static FrameResult result(String camera, long sequence) {
        return result(camera, sequence, "Shirt", 0.7f, "v1");
    }
}
