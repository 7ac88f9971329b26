package io.glimpse.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.clips.CameraSize;
import io.glimpse.clips.Clip;
import io.glimpse.clips.ClipSource;
import io.glimpse.clips.Frame;
import io.glimpse.clips.RealData;
import io.glimpse.resize.ResizePolicy;
import io.glimpse.trainer.data.FrameBatch;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The camera mix of the training clips and the camera-size test set, as the model sees them. */
class TrainingDataTest {

    @Test
    void shouldLetterboxTheCameraShareOfTheTrainingFramesAndNoneWithoutIt() {
        TrainingConfig.Builder b = TrainingConfig.builder().optTrainFrames(512).optBatchSize(128);

        assertThat(letterboxed(new TrainingData(b.build(), RealData.train(), RealData.test()))).isZero();
        assertThat(letterboxed(new TrainingData(b.optCameraShare(0.5).build(), RealData.train(), RealData.test())))
                .isBetween(200, 312);
        assertThat(letterboxed(new TrainingData(b.optCameraShare(1).build(), RealData.train(), RealData.test())))
                .isEqualTo(512);
    }

    @Test
    void shouldRenderTheTestClipsThemselvesAtEveryCameraSizeLetterboxedAsTheAppWould() {
        List<CameraSize> sizes = List.of(new CameraSize(640, 480), new CameraSize(1280, 720));
        ClipSource camera = TrainingData.cameraTestClips(RealData.test(), 64, 2, sizes, ResizePolicy.FIT);
        ClipSource test = TrainingData.testGenerator(RealData.test(), 64, 2);

        int vga = 0;
        for (long id = 0; id < 40; id++) {
            Clip c = camera.clip(id);
            assertThat(c.getItemIndex()).as("clip %d shows the test clip's item", id).isEqualTo(test.clip(id).getItemIndex());
            assertThat(c.getFrames()).hasSize(16);
            Frame f = c.getFrames().get(0);
            int bars = blackRows(f.getPixels());
            assertThat(bars).as("clip %d", id).isIn(16, 28); // 64x48 or 64x36 inside 64x64
            vga += bars == 16 ? 1 : 0;
        }
        assertThat(vga).as("both sizes used").isBetween(10, 30);
    }

    /** Frames of the first epoch with black bars on top and bottom. */
    private static int letterboxed(TrainingData data) {
        int n = 0;
        var it = data.epoch(0).iterator(0);
        while (it.hasNext()) {
            FrameBatch batch = it.next();
            float[] x = batch.getData();
            int size = 3 * 64 * 64;
            for (int i = 0; i < batch.size(); i++) {
                // Normalised CHW: the top 8 rows of a letterboxed frame hold one value per channel (black);
                // a rendered background never does, its sensor noise varies from pixel to pixel.
                boolean flat = true;
                for (int c = 0; c < 3 && flat; c++) {
                    int plane = i * size + c * 64 * 64;
                    for (int p = 0; p < 8 * 64 && flat; p++) {
                        flat = x[plane + p] == x[plane] && x[plane] < -1.5f;
                    }
                }
                n += flat ? 1 : 0;
            }
        }
        return n;
    }

    private static int blackRows(byte[] rgb) {
        int rows = 0;
        for (int y = 0; y < 64; y++) {
            boolean black = true;
            for (int i = y * 64 * 3; i < (y + 1) * 64 * 3 && black; i++) {
                black = rgb[i] == 0;
            }
            rows += black ? 1 : 0;
        }
        return rows;
    }
}
