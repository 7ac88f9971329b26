package io.glimpse.streams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.glimpse.clips.ClipSpec;
import io.glimpse.clips.Frame;
import io.glimpse.clips.RealData;
import io.glimpse.clips.VideoClipGenerator;
import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.streams.frames.DecodedFrame;
import io.glimpse.streams.frames.FrameDecoder;
import io.glimpse.trainer.data.FrameBatch;
import io.glimpse.trainer.data.FrameBatches;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The model sees a frame as the same bits whether the trainer or the serving path prepared it. */
class TrainingAndServingTensorsTest {

    private static final int FRAMES = 24;

    @Test
    void shouldFeedTheModelBitIdenticalTensorsForTheSameFrames() throws Exception {
        VideoClipGenerator generator = new VideoClipGenerator(RealData.test(), ClipSpec.builder().optSeed(11).build());
        FrameBatch trained = FrameBatches.builder().setGenerator(generator).setFrameCount(FRAMES)
                .setBatchSize(FRAMES).build().iterator().next();

        List<DecodedFrame> served = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            Frame frame = generator.clip(i / generator.getSpec().getFramesPerClip())
                    .getFrames().get(i % generator.getSpec().getFramesPerClip());
            served.add(decode(frame, i));
        }
        int width = served.get(0).getWidth();
        int height = served.get(0).getHeight();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = DynamicVitClassifier.modelInput(manager, served, width, height);

            assertThat(input.getShape().getShape()).containsExactly(trained.getShape());
            assertThat(input.toFloatArray()).containsExactly(trained.getData());
        }
    }

    /** The frame as a camera would send it (raw RGB in a VideoFrame), through the app's own decoder. */
    private static DecodedFrame decode(Frame frame, int sequence) throws Exception {
        VideoFrame record = VideoFrame.newBuilder()
                .setStreamId("camera-1")
                .setSequence(sequence)
                .setCaptureTime(Instant.EPOCH)
                .setWidth(frame.getWidth())
                .setHeight(frame.getHeight())
                .setChannels(3)
                .setEncoding(PixelEncoding.RGB8)
                .setData(ByteBuffer.wrap(frame.getPixels()))
                .build();
        FrameDecoder decoder = new FrameDecoder(
                (topic, bytes) -> record, new ModelInput(frame.getWidth(), frame.getHeight(), 8), Integer.MAX_VALUE);
        return decoder.decode("frames", new byte[1]);
    }
}
