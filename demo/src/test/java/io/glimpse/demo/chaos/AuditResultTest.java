package io.glimpse.demo.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.demo.chaos.AuditResult.Tally;
import io.glimpse.demo.chaos.ChaosAudit.FrameId;
import io.glimpse.demo.chaos.ChaosAudit.InputFrame;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class AuditResultTest {

    private static final FrameId A0 = new FrameId("cam-1", 0);
    private static final FrameId A1 = new FrameId("cam-1", 1);
    private static final InputFrame GOOD_0 = new InputFrame("frames-0@0", A0, 1_000, null);
    private static final InputFrame GOOD_1 = new InputFrame("frames-0@1", A1, 2_000, null);
    private static final InputFrame BAD = new InputFrame("frames-0@2", null, 3_000, "WRONG_SIZE");

    @Test
    void shouldPassARunWhereEveryFrameHasExactlyItsOutcome() {
        AuditResult audit = AuditResult.compare(List.of(GOOD_0, GOOD_1, BAD), Map.of(A0, 1, A1, 1),
                Map.of("cam-1", List.of(0L, 1L)), Map.of("frames-0@2", List.of("WRONG_SIZE")), "frames");

        assertThat(audit.clean()).isTrue();
        assertThat(audit.total()).isEqualTo(new Tally(2, 2, 1, 1, 0, 0, 0));
    }

    @Test
    void shouldCountAFrameWithoutOutcomeAsLostAndOneWithTwoAsDuplicated() {
        AuditResult audit = AuditResult.compare(List.of(GOOD_0, GOOD_1, BAD), Map.of(A0, 2),
                Map.of("cam-1", List.of(0L, 0L)), Map.of(), "frames");

        Tally total = audit.total();
        assertThat(total.lost()).as("frame 1 and the malformed frame").isEqualTo(2);
        assertThat(total.duplicated()).isEqualTo(1);
        assertThat(audit.outOfOrderStreams()).containsExactly("cam-1");
        assertThat(audit.clean()).isFalse();
    }

    @Test
    void shouldCountAWrongReasonOrADeadLetteredGoodFrameAsMisrouted() {
        AuditResult audit = AuditResult.compare(List.of(GOOD_0, BAD), Map.of(),
                Map.of(), Map.of("frames-0@0", List.of("UNDECODABLE"), "frames-0@2", List.of("CORRUPT_IMAGE")), "frames");

        assertThat(audit.total().misrouted()).isEqualTo(2);
        assertThat(audit.total().deadLettered()).isZero();
        assertThat(audit.clean()).isFalse();
    }

    @Test
    void shouldNoticeAResultOfNoFrameAndResultsOutOfFrameOrder() {
        FrameId phantom = new FrameId("cam-9", 5);
        AuditResult audit = AuditResult.compare(List.of(GOOD_0, GOOD_1), Map.of(A0, 1, A1, 1, phantom, 1),
                Map.of("cam-1", List.of(1L, 0L), "cam-9", List.of(5L)), Map.of(), "frames");

        assertThat(audit.phantomResults()).isEqualTo(1);
        assertThat(audit.outOfOrderStreams()).containsExactly("cam-1");
        assertThat(audit.clean()).isFalse();
    }

    @Test
    void shouldTallyOnlyTheFramesCapturedInAWindow() {
        AuditResult audit = AuditResult.compare(List.of(GOOD_0, GOOD_1, BAD), Map.of(A0, 1),
                Map.of("cam-1", List.of(0L)), Map.of(), "frames");

        assertThat(audit.tally(1_500, 2_500)).isEqualTo(new Tally(1, 0, 0, 0, 1, 0, 0));
        assertThat(audit.tally(0, 1_500).lost()).isZero();
    }
}
