package io.glimpse.schemas.weights;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RejectionReasonTest {

    @Test
    void shouldTagRejectionReasonsInLowercaseWithDashes() {
        assertThat(RejectionReason.CHUNK_HASH_MISMATCH.tag()).isEqualTo("chunk-hash-mismatch");
        assertThat(RejectionReason.UNSIGNED.tag()).isEqualTo("unsigned");
        assertThat(RejectionReason.values()).extracting(RejectionReason::tag).allMatch(t -> t.matches("[a-z]+(-[a-z]+)*"));
    }
}
