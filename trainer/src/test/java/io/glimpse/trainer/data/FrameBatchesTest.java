package io.glimpse.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.clips.ClipSpec;
import io.glimpse.clips.Frame;
import io.glimpse.clips.RealData;
import io.glimpse.clips.VideoClipGenerator;
import io.glimpse.model.ImageNormalization;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

class FrameBatchesTest {

    private static final int FRAME = 3 * 64 * 64;

    private static VideoClipGenerator generator() {
        return new VideoClipGenerator(RealData.train(), ClipSpec.builder().optSeed(5).build());
    }

    private static List<FrameBatch> all(Iterable<FrameBatch> batches) {
        List<FrameBatch> list = new ArrayList<>();
        batches.forEach(list::add);
        return list;
    }

    @Test
    void shouldCoverExactlyTheFirstNFramesInOrder() {
        VideoClipGenerator generator = generator();
        FrameBatches batches =
                FrameBatches.builder().setGenerator(generator).setFrameCount(50).setBatchSize(16).build();

        List<FrameBatch> list = all(batches);

        assertThat(batches.getBatchCount()).isEqualTo(4);
        assertThat(list).extracting(FrameBatch::size).containsExactly(16, 16, 16, 2);
        assertThat(list.get(3).getShape()).containsExactly(2, 3, 64, 64);
        for (int k = 0; k < 50; k++) {
            Frame frame = generator.clip(k / 16).getFrames().get(k % 16);
            FrameBatch batch = list.get(k / 16);
            int i = k % 16;
            assertThat(batch.getLabels()[i]).isEqualTo(frame.getLabel());
            assertThat(batch.getItemBoxes().get(i)).isEqualTo(frame.getItemBox());
            assertThat(Arrays.copyOfRange(batch.getData(), i * FRAME, (i + 1) * FRAME))
                    .as("frame %d", k).isEqualTo(chw(frame));
        }
    }

    @Test
    void shouldDropTheLastPartialBatchWhenAsked() {
        FrameBatches batches = FrameBatches.builder().setGenerator(generator()).setFrameCount(50).setBatchSize(16)
                .optDropLast(true).build();

        assertThat(batches.getBatchCount()).isEqualTo(3);
        assertThat(all(batches)).extracting(FrameBatch::size).containsExactly(16, 16, 16);
    }

    @Test
    void shouldStartAtTheFirstClipItIsGiven() {
        VideoClipGenerator generator = generator();
        FrameBatches batches = FrameBatches.builder().setGenerator(generator).setFrameCount(3).setBatchSize(3)
                .optFirstClip(1000).build();

        FrameBatch batch = batches.iterator().next();

        assertThat(Arrays.copyOfRange(batch.getData(), 2 * FRAME, 3 * FRAME))
                .isEqualTo(chw(generator.clip(1000).getFrames().get(2)));
    }

    @Test
    void shouldFlipAboutHalfTheFramesWhenAugmenting() {
        VideoClipGenerator generator = generator();
        FrameBatches batches = FrameBatches.builder().setGenerator(generator).setFrameCount(256).setBatchSize(64)
                .optFlip(true).build();
        List<FrameBatch> list = all(batches);
        int flipped = 0;

        for (int k = 0; k < 256; k++) {
            Frame frame = generator.clip(k / 16).getFrames().get(k % 16);
            boolean flip = batches.isFlipped(0, k);
            float[] expected = new float[FRAME];
            ImageNormalization.toChw(frame.getPixels(), frame.getWidth(), frame.getHeight(), flip, expected, 0);
            FrameBatch batch = list.get(k / 64);
            int i = k % 64;
            assertThat(Arrays.copyOfRange(batch.getData(), i * FRAME, (i + 1) * FRAME)).as("frame %d", k)
                    .isEqualTo(expected);
            assertThat(batch.getItemBoxes().get(i))
                    .isEqualTo(flip ? frame.getItemBox().mirrored(64) : frame.getItemBox());
            flipped += flip ? 1 : 0;
        }
        assertThat(flipped).isBetween(96, 160);
    }

    @Test
    void shouldFlipTheSameFramesInTheSameEpochAndOthersInAnother() {
        FrameBatches batches = FrameBatches.builder().setGenerator(generator()).setFrameCount(200).setBatchSize(10)
                .optFlip(true).build();
        FrameBatches again = FrameBatches.builder().setGenerator(generator()).setFrameCount(200).setBatchSize(10)
                .optFlip(true).build();
        int changed = 0;

        for (int k = 0; k < 200; k++) {
            assertThat(again.isFlipped(1, k)).isEqualTo(batches.isFlipped(1, k));
            changed += batches.isFlipped(1, k) != batches.isFlipped(2, k) ? 1 : 0;
        }
        assertThat(changed).isBetween(60, 140);
        Iterator<FrameBatch> one = batches.iterator(1);
        Iterator<FrameBatch> two = again.iterator(1);
        assertThat(one.next().getData()).isEqualTo(two.next().getData());
    }

    @Test
    void shouldMakeTheSameBatchesWithAnyNumberOfThreads() {
        FrameBatches.Builder builder = FrameBatches.builder().setGenerator(generator()).setFrameCount(120)
                .setBatchSize(40).optFirstClip(3).optFlip(true);
        List<FrameBatch> one = all(builder.optThreads(1).build());
        List<FrameBatch> three = all(builder.optThreads(3).build());

        assertThat(three).hasSize(3);
        for (int b = 0; b < 3; b++) {
            assertThat(three.get(b).getData()).as("batch %d", b).isEqualTo(one.get(b).getData());
            assertThat(three.get(b).getLabels()).isEqualTo(one.get(b).getLabels());
            assertThat(three.get(b).getItemBoxes()).isEqualTo(one.get(b).getItemBoxes());
        }
    }

    @Test
    void shouldNotFlipUnlessAsked() {
        FrameBatches batches = FrameBatches.builder().setGenerator(generator()).setFrameCount(100).setBatchSize(10)
                .build();

        for (int k = 0; k < 100; k++) {
            assertThat(batches.isFlipped(0, k)).isFalse();
        }
    }

    @Test
    void shouldEndAfterTheLastBatch() {
        Iterator<FrameBatch> it = FrameBatches.builder().setGenerator(generator()).setFrameCount(2).setBatchSize(5)
                .build().iterator();

        assertThat(it.next().size()).isEqualTo(2);
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void shouldRequireAGeneratorAFrameCountAndABatchSize() {
        assertThatThrownBy(() -> FrameBatches.builder().setFrameCount(1).setBatchSize(1).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("generator");
        assertThatThrownBy(() -> FrameBatches.builder().setGenerator(generator()).setBatchSize(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Frame count");
        assertThatThrownBy(() -> FrameBatches.builder().setGenerator(generator()).setFrameCount(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Batch size");
    }

    private static float[] chw(Frame frame) {
        return ImageNormalization.toChw(frame.getPixels(), frame.getWidth(), frame.getHeight());
    }
}
