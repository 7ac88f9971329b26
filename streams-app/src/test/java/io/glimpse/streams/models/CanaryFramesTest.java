package io.glimpse.streams.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.clips.Clip;
import io.glimpse.clips.ClipSpec;
import io.glimpse.clips.Frame;
import io.glimpse.clips.RealData;
import io.glimpse.clips.VideoClipGenerator;
import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class CanaryFramesTest {

    static final int FRAMES = 64;
    static final Path MODEL = Path.of("..", "models", "fashion-video");

    /** Renders the canary from the dataset, as the trainer renders its test clips (64 × 64, seed 2). */
    static CanaryFrames render() {
        VideoClipGenerator test =
                new VideoClipGenerator(RealData.test(), ClipSpec.builder().optCanvasSize(64).optSeed(2).build());
        List<byte[]> frames = new ArrayList<>();
        int[] labels = new int[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            Clip clip = test.clip(i);
            Frame frame = clip.getFrames().get(i % clip.getFrames().size());
            frames.add(frame.getPixels());
            labels[i] = frame.getLabel();
        }
        return new CanaryFrames(64, 64, frames, labels);
    }

    @Test
    void shippedFramesAreTheTestSplitFramesTheySayTheyAre() throws Exception {
        CanaryFrames rendered = render();
        Path resource = Path.of("src/main/resources/io/glimpse/streams/models/canary-frames.bin.gz");
        if (Boolean.getBoolean("glimpse.canary.write")) {
            Files.write(resource, rendered.toBytes());
        }
        CanaryFrames shipped = CanaryFrames.shipped();
        assertThat(shipped.size()).isEqualTo(FRAMES);
        assertThat(shipped.toBytes()).isEqualTo(rendered.toBytes());
    }

    @Test
    void theShippedModelsPassAndARandomModelFails() throws Exception {
        CanaryFrames canary = CanaryFrames.read(new ByteArrayInputStream(CanaryFrames.shipped().toBytes()));
        DynamicVitConfig config = DynamicVitConfig.read(MODEL.resolve("config.json"));
        try (DynamicVit student = DynamicVit.load(config, MODEL.resolve("student.safetensors"));
                DynamicVit teacher = DynamicVit.load(config.dense(), MODEL.resolve("teacher.safetensors"));
                DynamicVit random = DynamicVit.initialize(config, 7)) {
            assertThat(canary.score(student, 0.7).accuracy()).isGreaterThan(0.75);
            assertThat(canary.score(teacher, 1.0).accuracy()).isGreaterThan(0.75);
            CanaryFrames.Score chance = canary.score(random, 0.7);
            assertThat(chance.accuracy()).isLessThan(0.4);
            assertThat(chance.finite()).isTrue();
        }
    }

    @Test
    void aModelOfAnotherInputSizeSeesTheFramesResized() {
        DynamicVitConfig larger = DynamicVitConfig.builder()
                .setImageSize(96).setPatchSize(16).setEmbeddingSize(32).setDepth(2).setHeadCount(2)
                .setClassCount(10).optPruneAt(1).build();
        try (DynamicVit model = DynamicVit.initialize(larger, 3)) {
            CanaryFrames.Score score = CanaryFrames.shipped().score(model, 0.7);
            assertThat(score.frames()).isEqualTo(FRAMES);
            assertThat(score.finite()).isTrue();
        }
    }
}
