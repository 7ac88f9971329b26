package io.glimpse.clips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.resize.ResizePolicy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MixedClipsTest {

    private static final ClipSpec SPEC = ClipSpec.builder().optSeed(7).optFramesPerClip(1).build();

    @Test
    void shouldTakeTheShareOfClipsFromTheCamerasEvenlyAndTheRestFromTheBase() {
        VideoClipGenerator base = new VideoClipGenerator(RealData.train(), SPEC);
        List<CameraClipGenerator> cameras = cameras();
        MixedClips mix = new MixedClips(base, cameras, 0.5);

        Map<ClipSource, Integer> counts = new HashMap<>();
        for (long id = 0; id < 4000; id++) {
            counts.merge(mix.sourceOf(id), 1, Integer::sum);
        }

        assertThat(counts.get(base)).isBetween(1800, 2200);
        assertThat(counts.get(cameras.get(0))).isBetween(850, 1150);
        assertThat(counts.get(cameras.get(1))).isBetween(850, 1150);
    }

    @Test
    void shouldMakeEachClipWithItsSourceTheSameWayEveryTime() {
        MixedClips mix = new MixedClips(new VideoClipGenerator(RealData.train(), SPEC), cameras(), 0.5);
        MixedClips again = new MixedClips(new VideoClipGenerator(RealData.train(), SPEC), cameras(), 0.5);

        for (long id = 0; id < 12; id++) {
            assertThat(mix.clip(id).getFrames()).as("clip %d", id).isEqualTo(again.clip(id).getFrames())
                    .isEqualTo(mix.sourceOf(id).clip(id).getFrames());
        }
    }

    @Test
    void shouldUseOnlyTheBaseAtShareZeroAndOnlyCamerasAtShareOne() {
        VideoClipGenerator base = new VideoClipGenerator(RealData.train(), SPEC);
        MixedClips none = new MixedClips(base, cameras(), 0);
        MixedClips all = new MixedClips(base, cameras(), 1);

        for (long id = 0; id < 200; id++) {
            assertThat(none.sourceOf(id)).isSameAs(base);
            assertThat(all.sourceOf(id)).isNotSameAs(base);
        }
    }

    @Test
    void shouldRefuseSourcesThatDoNotMakeTheSameFrames() {
        VideoClipGenerator base = new VideoClipGenerator(RealData.train(), SPEC);
        CameraClipGenerator longer = new CameraClipGenerator(RealData.train(), SPEC.toBuilder().optFramesPerClip(2)
                .build(), new CameraSize(640, 480), ResizePolicy.FIT);

        assertThatThrownBy(() -> new MixedClips(base, List.of(longer), 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("makes 2 frames of 64x64");
        assertThatThrownBy(() -> new MixedClips(base, List.of(), 0.5)).hasMessageContaining("needs at least one camera");
        assertThatThrownBy(() -> new MixedClips(base, cameras(), 1.5)).hasMessageContaining("must be in [0, 1]");
    }

    @Test
    void shouldParseCameraSizes() {
        assertThat(CameraSize.parseList("640x480, 1280X720"))
                .containsExactly(new CameraSize(640, 480), new CameraSize(1280, 720));
        assertThatThrownBy(() -> CameraSize.parse("640by480")).hasMessageContaining("WIDTHxHEIGHT, e.g. 640x480");
    }

    private static List<CameraClipGenerator> cameras() {
        return List.of(new CameraClipGenerator(RealData.train(), SPEC, new CameraSize(640, 480), ResizePolicy.FIT),
                new CameraClipGenerator(RealData.train(), SPEC, new CameraSize(1280, 720), ResizePolicy.FIT));
    }
}
