package io.glimpse.clips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClipSpecTest {

    @Test
    void shouldDefaultToA64By64CanvasOf64EightPixelPatches() {
        ClipSpec spec = ClipSpec.builder().build();

        assertThat(spec.getCanvasWidth()).isEqualTo(64);
        assertThat(spec.getCanvasHeight()).isEqualTo(64);
        assertThat(spec.getPatchCount(8)).isEqualTo(64);
        assertThat(spec.getFramesPerClip()).isEqualTo(16);
    }

    @Test
    void shouldKeepItsValuesThroughToBuilder() {
        ClipSpec spec = ClipSpec.builder().optCanvasSize(96, 80).optFramesPerClip(5).optFramesPerSecond(30)
                .optSpeedRange(0.1, 0.9).optScaleRange(1, 2).optScaleRate(0).optClutter(1)
                .optOcclusionProbability(0).optTint(0.3).optSeed(-7).build();

        ClipSpec copy = spec.toBuilder().build();

        assertThat(copy).isEqualTo(spec).hasSameHashCodeAs(spec);
        assertThat(copy.getMaxScale()).isEqualTo(2);
        assertThat(spec.toBuilder().optSeed(8).build()).isNotEqualTo(spec);
    }

    @Test
    void shouldRejectItemsTooLargeForTheCanvas() {
        assertThatThrownBy(() -> ClipSpec.builder().optCanvasSize(32).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large for the 32x32 canvas");
        assertThat(ClipSpec.builder().optCanvasSize(32).optScaleRange(0.5, 1.1).build().getMaxScale()).isEqualTo(1.1);
    }

    @Test
    void shouldRejectInvertedOrNegativeRanges() {
        assertThatThrownBy(() -> ClipSpec.builder().optSpeedRange(0.5, 0.2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speed");
        assertThatThrownBy(() -> ClipSpec.builder().optSpeedRange(-0.1, 0.2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speed");
        assertThatThrownBy(() -> ClipSpec.builder().optScaleRange(0, 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
        assertThatThrownBy(() -> ClipSpec.builder().optScaleRate(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale rate");
    }

    @Test
    void shouldRejectProbabilitiesAndLevelsOutsideZeroToOne() {
        assertThatThrownBy(() -> ClipSpec.builder().optOcclusionProbability(1.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("occlusion");
        assertThatThrownBy(() -> ClipSpec.builder().optClutter(-0.1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clutter");
        assertThatThrownBy(() -> ClipSpec.builder().optTint(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Tint");
    }

    @Test
    void shouldRejectEmptyClipsAndNonPositiveFrameRates() {
        assertThatThrownBy(() -> ClipSpec.builder().optFramesPerClip(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Frames per clip");
        assertThatThrownBy(() -> ClipSpec.builder().optFramesPerSecond(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Frames per second");
    }

    @Test
    void shouldRejectAPatchSizeThatDoesNotDivideTheCanvas() {
        assertThatThrownBy(() -> ClipSpec.builder().build().getPatchCount(7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Patch size 7");
    }
}
