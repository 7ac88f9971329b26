package io.glimpse.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class RhoBenchTableTest {

    @Test
    void shouldNameTheMostUsedRhoValuesFirst() {
        Map<String, Double> shares = new LinkedHashMap<>();
        shares.put("1.00", 0.1);
        shares.put("0.80", 0.3);
        shares.put("0.70", 0.05);
        shares.put("0.50", 0.55);

        assertThat(RhoBenchTable.shares(shares)).isEqualTo("0.50 55% 0.80 30% 1.00 10% ...");
        assertThat(RhoBenchTable.shares(Map.of())).isEqualTo("-");
    }

    @Test
    void shouldSaySaturatedAndSkippedAndWhetherEveryFrameWasAnsweredOnce() {
        PhaseReport overload = new PhaseReport("2x:30s", 0, 30, 600, 450, 18_000, 18_000, 0, 18_000, 120, 900, 0.5,
                Map.of("0.50", 1.0), 0.87, 0.6, 0, 0, 4000, 2000, 12L);
        RunReport adaptive = new RunReport("adaptive", "adaptive", Map.of(), null, null, List.of(overload), 18_000, 18_000, 0, 0,
                0, true, 4.5, 3, 12L, List.of());
        RunReport refused = RunReport.skipped(RunPlan.fixed(0.5, 0.5, 1.0, 250, 99), "unknown setting");
        RhoBenchReport report = new RhoBenchReport("./glimpse demo rho-bench", "m", true, 2, Map.of("batch", 16),
                new CapacityResult(1.0, 300, 3000, 10), new CapacityResult(0.5, 500, 5000, 10), "2x:30s", false, 250, 99, 0.5,
                1.0, List.of(adaptive, refused));

        String text = RhoBenchTable.format(report);

        assertThat(text)
                .contains("adaptive    2x:30s")
                .contains("adaptive: saturated (glimpse.keep.ratio.saturated = 1) for 12 s: 12 s in 2x:30s")
                .contains("fixed-0.50  skipped: unknown setting")
                .contains("every acknowledged frame was answered exactly once");
    }
}
