package io.glimpse.clients.view;

import static io.glimpse.clients.view.Records.frame;
import static io.glimpse.clients.view.Records.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameJoinTest {

    @Test
    void shouldJoinAResultToTheFrameThatCameFirst() {
        FrameJoin join = new FrameJoin(8);
        assertThat(join.onFrame(frame("cam-1", 0))).isEmpty();
        assertThat(join.onFrame(frame("cam-1", 1))).isEmpty();

        Joined joined = join.onResult(result("cam-1", 1));

        assertThat(joined.optFrame()).hasValueSatisfying(f -> assertThat(f.getSequence()).isEqualTo(1));
        assertThat(join.waitingFrames()).isEqualTo(1);
        assertThat(join.waitingResults()).isZero();
    }

    @Test
    void shouldJoinAResultThatCameBeforeItsFrameWhenTheFrameArrives() {
        FrameJoin join = new FrameJoin(8);

        Joined early = join.onResult(result("cam-1", 5));
        assertThat(early.optFrame()).as("passed on at once, without the picture").isEmpty();

        assertThat(join.onFrame(frame("cam-1", 4))).isEmpty();
        assertThat(join.onFrame(frame("cam-1", 5))).hasValueSatisfying(j -> {
            assertThat(j.result().getSequence()).isEqualTo(5);
            assertThat(j.frame().getSequence()).isEqualTo(5);
        });
        assertThat(join.waitingResults()).isZero();
    }

    @Test
    void shouldJoinResultsOutOfOrder() {
        FrameJoin join = new FrameJoin(8);
        for (long s = 0; s < 4; s++) {
            join.onFrame(frame("cam-1", s));
        }
        assertThat(join.onResult(result("cam-1", 2)).optFrame()).isPresent();
        assertThat(join.onResult(result("cam-1", 0)).optFrame()).isPresent();
        assertThat(join.onResult(result("cam-1", 3)).optFrame()).isPresent();
        assertThat(join.onResult(result("cam-1", 1)).optFrame()).isPresent();
        assertThat(join.waitingFrames()).isZero();
    }

    @Test
    void shouldPassOnAResultWhoseFrameIsGone() {
        FrameJoin join = new FrameJoin(2);
        join.onFrame(frame("cam-1", 0));
        join.onFrame(frame("cam-1", 1));
        join.onFrame(frame("cam-1", 2));

        Joined late = join.onResult(result("cam-1", 0));

        assertThat(late.optFrame()).as("frame 0 was evicted by frame 2").isEmpty();
        assertThat(late.result().getSequence()).isZero();
    }

    @Test
    void shouldBoundBothWaitingRooms() {
        FrameJoin join = new FrameJoin(16);
        for (long s = 0; s < 1_000; s++) {
            join.onFrame(frame("cam-1", s));
            join.onResult(result("cam-1", 10_000 + s));
        }
        assertThat(join.waitingFrames()).isEqualTo(16);
        assertThat(join.waitingResults()).isEqualTo(16);
        assertThat(join.onResult(result("cam-1", 999)).optFrame()).as("the newest frames are kept").isPresent();
        assertThat(join.onResult(result("cam-1", 983)).optFrame()).as("older ones are not").isEmpty();
    }

    @Test
    void shouldRefuseAnEmptyBuffer() {
        assertThatThrownBy(() -> new FrameJoin(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
