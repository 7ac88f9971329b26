package io.glimpse.clients.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

class UpdatePacerTest {

    private static final long MS = 1_000_000L;

    @Test
    void shouldCoalesceAThousandChangesASecondIntoAtMostFiveUpdates() {
        UpdatePacer pacer = new UpdatePacer(Duration.ofMillis(200));
        List<Long> sent = new ArrayList<>();
        for (long ms = 0; ms < 1_000; ms++) {
            long version = ms;   // the state changes every millisecond
            if (pacer.shouldSend(version, ms * MS)) {
                sent.add(version);
            }
        }
        assertThat(sent).hasSize(5).containsExactly(0L, 200L, 400L, 600L, 800L);
    }

    @Test
    void shouldSendTheLatestStateOnceTheIntervalIsOver() {
        UpdatePacer pacer = new UpdatePacer(Duration.ofMillis(200));
        assertThat(pacer.shouldSend(1, 0)).isTrue();
        assertThat(pacer.shouldSend(2, 10 * MS)).isFalse();
        assertThat(pacer.shouldSend(3, 20 * MS)).isFalse();

        assertThat(pacer.nanosUntilAllowed(20 * MS)).isEqualTo(180 * MS);
        assertThat(pacer.shouldSend(3, 200 * MS)).as("the changes in between, coalesced").isTrue();
    }

    @Test
    void shouldSendNothingWhenNothingChanged() {
        UpdatePacer pacer = new UpdatePacer(Duration.ofMillis(200));
        assertThat(pacer.shouldSend(7, 0)).isTrue();
        assertThat(pacer.shouldSend(7, 10_000 * MS)).isFalse();
        assertThat(pacer.shouldSend(8, 10_001 * MS)).isTrue();
    }
}
