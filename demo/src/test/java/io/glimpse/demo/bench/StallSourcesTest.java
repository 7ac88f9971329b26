package io.glimpse.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

/** What the bench lays beside a latency tail: this JVM's collector pauses and JIT compilations, as they happen. */
class StallSourcesTest {

    @Test
    @Timeout(30)
    void shouldRecordACollectorPauseAsAnIntervalOfThisRun() throws Exception {
        long before = System.currentTimeMillis();
        try (GcPauses pauses = new GcPauses()) {
            Thread.sleep(20); // clear of the millisecond rounding of a pause's duration
            System.gc();

            List<Stall> seen = awaitAny(() -> pauses.since(before));

            assertThat(seen).allSatisfy(p -> {
                assertThat(p.startMillis()).isGreaterThanOrEqualTo(before);
                assertThat(p.endMillis()).isGreaterThanOrEqualTo(p.startMillis());
            });
        }
    }

    @Test
    @Timeout(30)
    void shouldRecordCompilationsOfCodeThatRunsHot() throws Exception {
        long before = System.currentTimeMillis();
        try (JitCompilations compilations = new JitCompilations(Duration.ZERO)) {
            long sum = 0;
            for (int round = 0; round < 200 && compilations.since(before).isEmpty(); round++) {
                sum += hotLoop(round);
                Thread.sleep(20);
            }

            assertThat(awaitAny(() -> compilations.since(before))).isNotEmpty().allSatisfy(
                    c -> assertThat(c.what()).startsWith("tier "));
            assertThat(sum).isNotZero();
        }
    }

    private static long hotLoop(int seed) {
        long x = seed;
        for (int i = 0; i < 200_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L + (i ^ (x >>> 17));
        }
        return x | 1;
    }

    private static List<Stall> awaitAny(java.util.function.Supplier<List<Stall>> source) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<Stall> seen = source.get();
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = source.get();
        }
        assertThat(seen).as("recorded within 20 s").isNotEmpty();
        return seen;
    }
}
