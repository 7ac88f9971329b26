package io.glimpse.clips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.resize.FrameResizer;
import io.glimpse.resize.InputMapping;
import io.glimpse.resize.ResizePolicy;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class CameraClipGeneratorTest {

    private static final ClipSpec MODEL = ClipSpec.builder().optSeed(42).optFramesPerClip(4).build();
    /** No noise, fragments, tint or occluder: only the item moves, over a smooth gradient. */
    private static final ClipSpec CLEAN = MODEL.toBuilder().optClutter(0).optOcclusionProbability(0).optTint(0).build();
    private static final CameraSize VGA = new CameraSize(640, 480);
    private static final CameraSize HD = new CameraSize(1280, 720);

    @Test
    void shouldProduceIdenticalFramesForTheSameSeedAndDistinctOnesForDistinctClips() {
        CameraClipGenerator one = new CameraClipGenerator(RealData.test(), MODEL, HD, ResizePolicy.FIT);
        CameraClipGenerator two = new CameraClipGenerator(RealData.test(), ClipSpec.builder().optSeed(42)
                .optFramesPerClip(4).build(), HD, ResizePolicy.FIT);

        for (long id : new long[] {0, 1, 977}) {
            assertThat(one.clip(id).getFrames()).as("clip %d", id).isEqualTo(two.clip(id).getFrames());
        }
        assertThat(one.clip(0).getFrames().get(0)).isNotEqualTo(one.clip(1).getFrames().get(0));
        assertThat(new CameraClipGenerator(RealData.test(), MODEL.toBuilder().optSeed(43).build(), HD, ResizePolicy.FIT)
                .clip(0).getFrames().get(0)).isNotEqualTo(one.clip(0).getFrames().get(0));
    }

    @Test
    void shouldLetterboxWithBlackRowsExactlyWhereTheAppsMappingPads() {
        for (CameraSize camera : new CameraSize[] {VGA, HD}) {
            CameraClipGenerator generator = new CameraClipGenerator(RealData.test(), MODEL, camera, ResizePolicy.FIT);
            InputMapping mapping = generator.getMapping();
            assertThat(mapping).isEqualTo(new FrameResizer(64, 64, ResizePolicy.FIT).plan(camera.width(), camera.height()));
            int top = camera == VGA ? 8 : 14;
            assertThat(mapping.inputY()).isEqualTo(top);

            Frame frame = generator.clip(3).getFrames().get(0);
            assertThat(frame.getWidth()).isEqualTo(64);
            assertThat(frame.getHeight()).isEqualTo(64);
            for (int y = 0; y < 64; y++) {
                boolean padding = y < top || y >= 64 - top;
                assertThat(rowMax(frame, y)).as("%s row %d", camera, y).matches(max -> padding ? max == 0 : max > 0);
            }
            assertThat(frame.getItemBox().isInside(64, 64)).isTrue();
            assertThat(frame.getItemBox().getY()).isGreaterThanOrEqualTo(top);
            assertThat(frame.getItemBox().getBottom()).isLessThanOrEqualTo(64 - top);
        }
    }

    @Test
    void shouldChangeOnlyPixelsInsideTheItemsMappedBoxesFromOneFrameToTheNext() {
        // On a clean scene the item is all that moves: every input pixel that changes between two frames
        // lies in the item's box of one of them, as the mapping puts it in the input.
        for (ResizePolicy policy : new ResizePolicy[] {ResizePolicy.FIT, ResizePolicy.CROP}) {
            CameraClipGenerator generator = new CameraClipGenerator(RealData.test(), CLEAN, VGA, policy);
            for (long id = 0; id < 6; id++) {
                Clip clip = generator.clip(id);
                Frame a = clip.getFrames().get(0);
                Frame b = clip.getFrames().get(3);
                int changed = 0;
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        if (differs(a, b, x, y)) {
                            changed++;
                            assertThat(a.getItemBox().contains(x, y) || b.getItemBox().contains(x, y))
                                    .as("%s clip %d: changed pixel (%d, %d) outside %s and %s", policy, id, x, y,
                                            a.getItemBox(), b.getItemBox())
                                    .isTrue();
                        }
                    }
                }
                assertThat(changed).as("%s clip %d: the item moves", policy, id).isPositive();
            }
        }
    }

    @Test
    void shouldKeepTheItemsShareOfTheFramesShorterSide() {
        // Model-size clips: items 21-35 px of 64. A 640x480 frame fit to 64x48 shows them at 48/64 of that.
        CameraClipGenerator generator = new CameraClipGenerator(RealData.test(), CLEAN, VGA, ResizePolicy.FIT);
        for (long id = 0; id < 20; id++) {
            BoundingBox box = generator.clip(id).getFrames().get(0).getItemBox();
            assertThat(Math.max(box.getWidth(), box.getHeight())).as("clip %d: %s", id, box).isBetween(8, 28);
        }
    }

    @Test
    void shouldRenderAtReducedScaleWhatTheFullSizeCameraFrameGivesTheModel() {
        for (CameraSize camera : new CameraSize[] {VGA, HD}) {
            CameraClipGenerator reduced = new CameraClipGenerator(RealData.test(), CLEAN, camera, ResizePolicy.FIT);
            CameraClipGenerator full = new CameraClipGenerator(RealData.test(), CLEAN, camera, ResizePolicy.FIT, 1);
            assertThat(reduced.getReduction()).isGreaterThan(1);
            long sum = 0;
            int worst = 0;
            long n = 0;
            for (long id = 0; id < 3; id++) {
                Frame r = reduced.clip(id).getFrames().get(0);
                Frame f = full.clip(id).getFrames().get(0);
                assertThat(r.getItemBox().getX()).isCloseTo(f.getItemBox().getX(), org.assertj.core.api.Assertions.within(1));
                assertThat(r.getItemBox().getY()).isCloseTo(f.getItemBox().getY(), org.assertj.core.api.Assertions.within(1));
                byte[] rp = r.getPixels();
                byte[] fp = f.getPixels();
                for (int i = 0; i < rp.length; i++) {
                    int d = Math.abs((rp[i] & 0xff) - (fp[i] & 0xff));
                    sum += d;
                    worst = Math.max(worst, d);
                    n++;
                }
            }
            double mean = (double) sum / n;
            System.out.printf(Locale.ROOT, "%s fit rendered at 1/%d vs full size: mean |diff| %.3f, max %d (of 255)%n",
                    camera, reduced.getReduction(), mean, worst);
            assertThat(mean).as("%s mean absolute difference", camera).isLessThan(1.0);
        }
    }

    @Test
    void shouldPickTheLargestReductionThatKeepsTwoScenePixelsPerInputPixel() {
        assertThat(reduction(640, 480, ResizePolicy.FIT)).isEqualTo(5); // 128x96 scene -> 64x48
        assertThat(reduction(1280, 720, ResizePolicy.FIT)).isEqualTo(10); // 128x72 -> 64x36
        assertThat(reduction(1920, 1080, ResizePolicy.FIT)).isEqualTo(15);
        assertThat(reduction(640, 480, ResizePolicy.CROP)).isEqualTo(2); // 480 rows cover 64: 240 >= 128
        assertThat(reduction(1280, 720, ResizePolicy.CROP)).isEqualTo(5);
        assertThat(reduction(64, 64, ResizePolicy.FIT)).isEqualTo(1);
    }

    @Test
    void shouldRefuseAReductionThatDoesNotDivideTheFrame() {
        assertThatThrownBy(() -> new CameraClipGenerator(RealData.test(), MODEL, VGA, ResizePolicy.FIT, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Reduction 3 does not divide the camera size 640x480");
    }

    @Test
    void shouldRenderEveryCommonSizeCheaply() {
        // Cost per frame, logged for the README (no timing assertion): scene, resize, both.
        for (CameraSize camera : CameraSize.COMMON) {
            for (int reduction : new int[] {0, 1}) {
                CameraClipGenerator g = new CameraClipGenerator(RealData.train(),
                        ClipSpec.builder().optFramesPerClip(1).build(), camera, ResizePolicy.FIT, reduction);
                int clips = reduction == 0 ? 400 : 5;
                g.clip(1_000_000); // warm-up
                long start = System.nanoTime();
                long checksum = 0;
                for (int c = 0; c < clips; c++) {
                    checksum += g.clip(c).getFrames().get(0).getPixel(32, 32, 0);
                }
                double ms = (System.nanoTime() - start) / 1e6 / clips;
                System.out.printf(Locale.ROOT, "camera %s fit, rendered at 1/%d: %.3f ms per frame (checksum %d)%n",
                        camera, g.getReduction(), ms, checksum);
                assertThat(g.clip(0).getFrames()).singleElement().matches(f -> f.getWidth() == 64 && f.getHeight() == 64);
            }
        }
    }

    private static int reduction(int width, int height, ResizePolicy policy) {
        return new CameraClipGenerator(RealData.test(), MODEL, new CameraSize(width, height), policy).getReduction();
    }

    private static int rowMax(Frame frame, int y) {
        int max = 0;
        for (int x = 0; x < frame.getWidth(); x++) {
            for (int c = 0; c < 3; c++) {
                max = Math.max(max, frame.getPixel(x, y, c));
            }
        }
        return max;
    }

    private static boolean differs(Frame a, Frame b, int x, int y) {
        for (int c = 0; c < 3; c++) {
            if (a.getPixel(x, y, c) != b.getPixel(x, y, c)) {
                return true;
            }
        }
        return false;
    }
}
