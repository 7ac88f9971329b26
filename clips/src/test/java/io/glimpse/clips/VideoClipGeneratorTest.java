package io.glimpse.clips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

class VideoClipGeneratorTest {

    private static final ClipSpec DEFAULTS = ClipSpec.builder().optSeed(42).build();
    /** No noise, fragments, tint or occluder: what is not the item is a smooth gradient. */
    private static final ClipSpec CLEAN =
            DEFAULTS.toBuilder().optClutter(0).optOcclusionProbability(0).optTint(0).build();

    @TempDir
    Path dir;

    @Test
    void shouldProduceIdenticalFramesForTheSameSeed() {
        VideoClipGenerator one = new VideoClipGenerator(RealData.train(), DEFAULTS);
        VideoClipGenerator two = new VideoClipGenerator(RealData.train(), ClipSpec.builder().optSeed(42).build());

        for (long id : new long[] {0, 1, 17, 123_456_789_012L}) {
            Clip a = one.clip(id);
            Clip b = two.clip(id);
            assertThat(a.getFrames()).as("clip %d", id).hasSize(16).isEqualTo(b.getFrames());
            assertThat(a.getItemIndex()).isEqualTo(b.getItemIndex());
            assertThat(a.getFragmentItemIndices()).isEqualTo(b.getFragmentItemIndices());
        }
    }

    @Test
    void shouldProduceDifferentClipsForDifferentClipIds() {
        VideoClipGenerator generator = new VideoClipGenerator(RealData.train(), DEFAULTS);
        Set<Integer> firstFrames = new HashSet<>();
        Set<Integer> items = new HashSet<>();

        for (long id = 0; id < 100; id++) {
            Clip clip = generator.clip(id);
            firstFrames.add(Arrays.hashCode(clip.getFrames().get(0).getPixels()));
            items.add(clip.getItemIndex());
        }

        assertThat(firstFrames).hasSize(100);
        assertThat(items).hasSizeGreaterThan(95);
    }

    @Test
    void shouldProduceDifferentClipsForDifferentSeeds() {
        Clip a = new VideoClipGenerator(RealData.train(), DEFAULTS).clip(3);
        Clip b = new VideoClipGenerator(RealData.train(), DEFAULTS.toBuilder().optSeed(43).build()).clip(3);

        assertThat(a.getFrames().get(0).getPixels()).isNotEqualTo(b.getFrames().get(0).getPixels());
    }

    @Test
    void shouldLabelEveryFrameWithTheClassOfItsItem() {
        FashionMnist test = RealData.test();
        VideoClipGenerator generator = new VideoClipGenerator(test, DEFAULTS);
        int[] perClass = new int[10];

        for (long id = 0; id < 300; id++) {
            Clip clip = generator.clip(id);
            int label = test.getLabel(clip.getItemIndex());
            perClass[label]++;
            assertThat(clip.getSplit()).isEqualTo(Split.TEST);
            assertThat(clip.getFrames()).allSatisfy(f -> {
                assertThat(f.getLabel()).isEqualTo(label);
                assertThat(f.getClipId()).isEqualTo(clip.getClipId());
            });
            assertThat(clip.getFrames()).extracting(Frame::getFrameIndex)
                    .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        }
        assertThat(Arrays.stream(perClass).min().getAsInt()).as("fewest clips of a class").isGreaterThan(12);
        assertThat(Arrays.stream(perClass).max().getAsInt()).as("most clips of a class").isLessThan(50);
    }

    @Test
    void shouldMakeRgbFramesOfTheCanvasSize() {
        ClipSpec spec = DEFAULTS.toBuilder().optCanvasSize(96, 48).optScaleRange(0.8, 1.2).optFramesPerClip(3).build();

        Clip clip = new VideoClipGenerator(RealData.train(), spec).clip(0);

        assertThat(clip.getFrames()).hasSize(3).allSatisfy(f -> {
            assertThat(f.getWidth()).isEqualTo(96);
            assertThat(f.getHeight()).isEqualTo(48);
            assertThat(f.getPixels()).hasSize(96 * 48 * 3);
            assertThat(f.getItemBox().isInside(96, 48)).isTrue();
        });
    }

    @Test
    void shouldKeepTheItemInsideTheCanvas() {
        ClipSpec fastAndLarge = DEFAULTS.toBuilder().optSpeedRange(1, 3).optScaleRange(1.5, 2.2).optScaleRate(1)
                .build();
        for (ClipSpec spec : List.of(DEFAULTS, fastAndLarge)) {
            VideoClipGenerator generator = new VideoClipGenerator(RealData.train(), spec);
            for (long id = 0; id < 300; id++) {
                for (Frame frame : generator.clip(id).getFrames()) {
                    BoundingBox box = frame.getItemBox();
                    assertThat(box.isEmpty()).as("%s", frame).isFalse();
                    assertThat(box.isInside(64, 64)).as("%s with %s", frame, spec).isTrue();
                }
            }
        }
    }

    @Test
    void shouldLeaveNoItemInkOutsideItsBox() {
        VideoClipGenerator generator = new VideoClipGenerator(RealData.train(), CLEAN);

        for (long id = 0; id < 100; id++) {
            for (Frame frame : generator.clip(id).getFrames()) {
                BoundingBox box = frame.getItemBox();
                int insideStep = 0;
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 63; x++) {
                        int step = 0;
                        for (int ch = 0; ch < 3; ch++) {
                            step = Math.max(step, Math.abs(frame.getPixel(x + 1, y, ch) - frame.getPixel(x, y, ch)));
                        }
                        if (box.contains(x, y) || box.contains(x + 1, y)) {
                            insideStep = Math.max(insideStep, step);
                        } else {
                            assertThat(step).as("background step at (%d, %d) of %s", x, y, frame).isLessThanOrEqualTo(2);
                        }
                    }
                }
                assertThat(insideStep).as("sharpest edge in the box of %s", frame).isGreaterThan(30);
            }
        }
    }

    @Test
    void shouldMoveTheItemBetweenFrames() {
        VideoClipGenerator generator = new VideoClipGenerator(RealData.train(), DEFAULTS);

        for (long id = 0; id < 100; id++) {
            List<Frame> frames = generator.clip(id).getFrames();
            Set<BoundingBox> boxes = new HashSet<>();
            frames.forEach(f -> boxes.add(f.getItemBox()));
            assertThat(boxes).as("boxes of clip %d", id).hasSizeGreaterThan(frames.size() / 2);
        }
    }

    @Test
    void shouldBounceOffTheCanvasEdges() {
        ClipSpec fast = DEFAULTS.toBuilder().optSpeedRange(1.5, 2).optFramesPerClip(20).build();
        VideoClipGenerator generator = new VideoClipGenerator(RealData.train(), fast);
        int bounces = 0;

        for (long id = 0; id < 50; id++) {
            List<Frame> frames = generator.clip(id).getFrames();
            for (int f = 1; f + 1 < frames.size(); f++) {
                BoundingBox before = frames.get(f - 1).getItemBox();
                BoundingBox at = frames.get(f).getItemBox();
                BoundingBox after = frames.get(f + 1).getItemBox();
                boolean turnsAtLeft = at.getX() < before.getX() && at.getX() < after.getX();
                boolean turnsAtRight = at.getRight() > before.getRight() && at.getRight() > after.getRight();
                if (turnsAtLeft || turnsAtRight) {
                    bounces++;
                    // A turn happens only against an edge: speeds of 1.5+ canvases/s travel 10+ pixels a frame.
                    assertThat(turnsAtLeft ? at.getX() : 64 - at.getRight())
                            .as("distance to the edge at a turn, clip %d frame %d", id, f).isLessThan(12);
                }
            }
        }
        // 20 frames at 2 s travel 3 to 4 canvases: every clip bounces off a left or right edge.
        assertThat(bounces).isGreaterThan(50);
    }

    @Test
    void shouldMoveAtTheSameSpeedWhateverTheFrameRate() {
        ClipSpec tenFps = DEFAULTS.toBuilder().optFramesPerClip(16).optFramesPerSecond(10).build();
        ClipSpec thirtyFps = DEFAULTS.toBuilder().optFramesPerClip(46).optFramesPerSecond(30).build();
        VideoClipGenerator slow = new VideoClipGenerator(RealData.train(), tenFps);
        VideoClipGenerator fast = new VideoClipGenerator(RealData.train(), thirtyFps);

        for (long id = 0; id < 50; id++) {
            List<Frame> a = slow.clip(id).getFrames();
            List<Frame> b = fast.clip(id).getFrames();
            for (int f = 0; f < a.size(); f++) {
                BoundingBox expected = a.get(f).getItemBox();
                BoundingBox actual = b.get(3 * f).getItemBox();
                assertThat(Math.abs(actual.getX() - expected.getX())).as("clip %d frame %d", id, f).isLessThanOrEqualTo(1);
                assertThat(Math.abs(actual.getY() - expected.getY())).as("clip %d frame %d", id, f).isLessThanOrEqualTo(1);
                assertThat(Math.abs(actual.getWidth() - expected.getWidth())).isLessThanOrEqualTo(1);
                assertThat(Math.abs(actual.getHeight() - expected.getHeight())).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void shouldLeaveMostPatchesToTheBackground() {
        VideoClipGenerator generator = new VideoClipGenerator(RealData.train(), DEFAULTS);
        int itemPatches = 0;
        int frames = 0;

        for (long id = 0; id < 200; id++) {
            for (Frame frame : generator.clip(id).getFrames()) {
                for (boolean covered : frame.getItemBox().patchMask(64, 64, 8)) {
                    itemPatches += covered ? 1 : 0;
                }
                frames++;
            }
        }

        double share = itemPatches / (64.0 * frames);
        assertThat(share).isBetween(0.1, 0.5);
    }

    @Test
    void shouldOccludeAboutTheRequestedShareOfClips() {
        VideoClipGenerator generator = new VideoClipGenerator(RealData.train(), DEFAULTS);
        int occluded = 0;

        for (long id = 0; id < 400; id++) {
            occluded += generator.clip(id).isOccluded() ? 1 : 0;
        }

        assertThat(occluded).isBetween(70, 130); // 25% of 400
    }

    @Test
    void shouldOccludeWithABarThatLeavesTheRestOfTheClipAsItWas() {
        FashionMnist train = RealData.train();
        VideoClipGenerator open = new VideoClipGenerator(train, DEFAULTS.toBuilder().optOcclusionProbability(0).build());
        VideoClipGenerator barred = new VideoClipGenerator(train, DEFAULTS.toBuilder().optOcclusionProbability(1).build());
        int partlyHidden = 0;

        for (long id = 0; id < 50; id++) {
            Clip a = open.clip(id);
            Clip b = barred.clip(id);
            assertThat(a.isOccluded()).isFalse();
            assertThat(b.isOccluded()).isTrue();
            int minX = 64;
            int maxX = -1;
            int minY = 64;
            int maxY = -1;
            boolean hidesItem = false;
            for (int f = 0; f < a.getFrames().size(); f++) {
                Frame fa = a.getFrames().get(f);
                Frame fb = b.getFrames().get(f);
                assertThat(fb.getItemBox()).isEqualTo(fa.getItemBox());
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        if (fa.getPixel(x, y, 0) != fb.getPixel(x, y, 0) || fa.getPixel(x, y, 1) != fb.getPixel(x, y, 1)
                                || fa.getPixel(x, y, 2) != fb.getPixel(x, y, 2)) {
                            minX = Math.min(minX, x);
                            maxX = Math.max(maxX, x);
                            minY = Math.min(minY, y);
                            maxY = Math.max(maxY, y);
                            hidesItem |= fa.getItemBox().contains(x, y);
                        }
                    }
                }
            }
            int thickness = Math.min(maxX - minX + 1, maxY - minY + 1);
            assertThat(thickness).as("bar thickness in clip %d", id).isBetween(2, 16);
            partlyHidden += hidesItem ? 1 : 0;
        }
        assertThat(partlyHidden).as("clips where the bar crosses the item").isGreaterThan(10);
    }

    @Test
    void shouldNeverUseTestItemsInTrainClips() throws Exception {
        // Two directories with the same train split but different test splits: if anything of the
        // test split reached a train clip, the clips would differ.
        byte[][] trainImages = IdxFiles.images(40, 0);
        byte[] trainLabels = IdxFiles.labels(40, 0);
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        IdxFiles.writeSplit(one, Split.TRAIN, trainImages, trainLabels, false);
        IdxFiles.writeSplit(two, Split.TRAIN, trainImages, trainLabels, true);
        IdxFiles.writeSplit(one, Split.TEST, IdxFiles.images(40, 100), IdxFiles.labels(40, 3), false);
        IdxFiles.writeSplit(two, Split.TEST, IdxFiles.images(30, 200), IdxFiles.labels(30, 7), true);
        ClipSpec cluttered = DEFAULTS.toBuilder().optClutter(1).build();

        VideoClipGenerator a = new VideoClipGenerator(read(one, Split.TRAIN), cluttered);
        VideoClipGenerator b = new VideoClipGenerator(read(two, Split.TRAIN), cluttered);

        for (long id = 0; id < 20; id++) {
            assertThat(a.clip(id).getFrames()).as("train clip %d", id).isEqualTo(b.clip(id).getFrames());
            assertThat(a.clip(id).getFragmentItemIndices()).hasSize(8);
        }
    }

    @Test
    void shouldNeverUseTrainItemsInTestClips() throws Exception {
        byte[][] testImages = IdxFiles.images(20, 50);
        byte[] testLabels = IdxFiles.labels(20, 5);
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        IdxFiles.writeSplit(one, Split.TEST, testImages, testLabels, true);
        IdxFiles.writeSplit(two, Split.TEST, testImages, testLabels, true);
        IdxFiles.writeSplit(one, Split.TRAIN, IdxFiles.images(40, 0), IdxFiles.labels(40, 0), true);
        IdxFiles.writeSplit(two, Split.TRAIN, IdxFiles.images(40, 300), IdxFiles.labels(40, 1), true);
        ClipSpec cluttered = DEFAULTS.toBuilder().optClutter(1).build();

        VideoClipGenerator a = new VideoClipGenerator(read(one, Split.TEST), cluttered);
        VideoClipGenerator b = new VideoClipGenerator(read(two, Split.TEST), cluttered);

        for (long id = 0; id < 20; id++) {
            assertThat(a.clip(id).getFrames()).as("test clip %d", id).isEqualTo(b.clip(id).getFrames());
        }
    }

    @Test
    void shouldShowADifferentItemWhenTheSplitDiffers() throws Exception {
        // The counterpart of the two tests above: the clips do depend on their own split's items.
        IdxFiles.writeSplit(dir.resolve("one"), Split.TRAIN, IdxFiles.images(40, 0), IdxFiles.labels(40, 0), false);
        IdxFiles.writeSplit(dir.resolve("two"), Split.TRAIN, IdxFiles.images(40, 1), IdxFiles.labels(40, 0), false);

        Clip a = new VideoClipGenerator(read(dir.resolve("one"), Split.TRAIN), DEFAULTS).clip(0);
        Clip b = new VideoClipGenerator(read(dir.resolve("two"), Split.TRAIN), DEFAULTS).clip(0);

        assertThat(a.getFrames().get(0).getPixels()).isNotEqualTo(b.getFrames().get(0).getPixels());
    }

    @Test
    void shouldRejectANegativeClipId() {
        VideoClipGenerator generator = new VideoClipGenerator(RealData.test(), DEFAULTS);

        assertThatThrownBy(() -> generator.clip(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static FashionMnist read(Path dir, Split split) {
        return FashionMnist.builder().setSplit(split).optDirectory(dir).build();
    }
}
