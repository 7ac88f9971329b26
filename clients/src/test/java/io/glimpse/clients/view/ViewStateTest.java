package io.glimpse.clients.view;

import static io.glimpse.clients.view.Records.frame;
import static io.glimpse.clients.view.Records.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.clients.view.ViewSnapshot.CameraView;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;

import javax.imageio.ImageIO;

class ViewStateTest {

    @Test
    void shouldShowTheNewestResultOfEachCameraWithItsPicture() throws Exception {
        ViewState state = ViewState.builder().optHistoryLength(3).build();
        for (long s = 0; s < 5; s++) {
            state.onFrame(frame("cam-2", s), 10_000);
            state.onResult(result("cam-2", s, "label-" + s, 0.7f, "v1"), 10_000);
        }
        state.onResult(result("cam-1", 9), 10_000);

        ViewSnapshot snap = state.snapshot(10_500);

        assertThat(snap.cameras()).extracting(CameraView::streamId).containsExactly("cam-1", "cam-2");
        CameraView cam2 = snap.cameras().get(1);
        assertThat(cam2.sequence()).isEqualTo(4);
        assertThat(cam2.hasImage()).isTrue();
        assertThat(cam2.history()).extracting(ViewSnapshot.HistoryEntry::label).containsExactly("label-2", "label-3", "label-4");
        assertThat(cam2.stages()).hasSize(2);
        assertThat(snap.cameras().get(0).hasImage()).as("a result whose frame never came").isFalse();
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(state.image("cam-2").orElseThrow().bytes()));
        assertThat(png.getWidth()).isEqualTo(4);
        assertThat(png.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
        assertThat(state.image("cam-1")).isEmpty();
    }

    @Test
    void shouldAttachALateFrameToTheShownResultButNotGoBack() {
        ViewState state = ViewState.builder().build();
        state.onResult(result("cam-1", 3), 0);
        state.onFrame(frame("cam-1", 3), 0);
        assertThat(state.snapshot(0).cameras().get(0).hasImage()).isTrue();

        state.onResult(result("cam-1", 4), 0);
        state.onResult(result("cam-1", 2), 0);
        assertThat(state.snapshot(0).cameras().get(0).sequence()).isEqualTo(4);
    }

    @Test
    void shouldAggregatePerSecondAndMarkModelAndRhoChanges() {
        ViewState state = ViewState.builder().optSloMillis(100).build();
        state.onResult(result("cam-1", 0, "a", 0.7f, "v1"), 1_000);
        state.onResult(result("cam-1", 1, "a", 0.7f, "v1"), 1_100);
        state.onResult(result("cam-1", 2, "a", 0.5f, "v2"), 2_100);
        state.onDeadLetter("WRONG_SIZE", 2_200);
        state.onDeadLetter(null, 2_300);

        ViewSnapshot snap = state.snapshot(3_050);

        assertThat(snap.series()).hasSize(2);
        SecondPoint first = snap.series().get(0);
        assertThat(first.results()).isEqualTo(2);
        assertThat(first.p50()).isEqualTo(40);
        assertThat(first.p99()).isEqualTo(41);
        assertThat(first.rho()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(snap.series().get(1).deadLetters()).containsEntry("WRONG_SIZE", 1).containsEntry("UNKNOWN", 1);
        assertThat(snap.events()).extracting(ViewEvent::kind).containsExactlyInAnyOrder("model", "rho");
        assertThat(snap.totals().deadLetters()).isEqualTo(2);
        assertThat(snap.sloMillis()).isEqualTo(100);
    }
}
