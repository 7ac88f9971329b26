package io.glimpse.demo.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

class FaultScheduleTest {

    private static final FaultSchedule.Plan PLAN = new FaultSchedule.Plan(
            Map.of(FaultKind.INSTANCE_KILL, 8, FaultKind.KILL_DURING_REBALANCE, 2, FaultKind.BROKER_KILL, 2,
                    FaultKind.REGISTRY_OUTAGE, 1, FaultKind.INSTANCE_PAUSE, 2, FaultKind.MALFORMED_BURST, 3),
            3, Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(25), Duration.ofSeconds(30), Duration.ofSeconds(6));

    @Test
    void shouldDrawTheSameScheduleFromTheSameSeed() {
        assertThat(FaultSchedule.draw(PLAN, 42)).isEqualTo(FaultSchedule.draw(PLAN, 42));
        assertThat(FaultSchedule.draw(PLAN, 42).faults()).isNotEqualTo(FaultSchedule.draw(PLAN, 43).faults());
    }

    @Test
    void shouldPlanEveryFaultOfThePlanOnce() {
        List<Fault> faults = FaultSchedule.draw(PLAN, 7).faults();
        assertThat(faults).hasSize(18);
        PLAN.counts().forEach((kind, n) -> assertThat(faults).filteredOn(f -> f.kind() == kind).hasSize(n));
        assertThat(faults).allSatisfy(f -> assertThat(f.instance()).isBetween(0, 2));
    }

    @Test
    void shouldLeaveAQuietGapAfterEachFaultBeforeTheNext() {
        FaultSchedule schedule = FaultSchedule.draw(PLAN, 7);
        List<Fault> faults = schedule.faults();
        assertThat(faults.get(0).at()).isEqualTo(Duration.ofSeconds(10));
        for (int i = 1; i < faults.size(); i++) {
            Duration gap = faults.get(i).at().minus(faults.get(i - 1).end());
            assertThat(gap).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(25));
        }
        assertThat(schedule.length()).isGreaterThan(faults.get(faults.size() - 1).end());
    }

    @Test
    void shouldHoldAPauseLongerThanTheSessionTimeoutAndTheRegistryDownAsLongAsPlanned() {
        List<Fault> faults = FaultSchedule.draw(PLAN, 11).faults();
        assertThat(faults).filteredOn(f -> f.kind() == FaultKind.INSTANCE_PAUSE)
                .allSatisfy(f -> assertThat(f.hold()).isGreaterThan(Duration.ofSeconds(6)));
        assertThat(faults).filteredOn(f -> f.kind() == FaultKind.REGISTRY_OUTAGE)
                .allSatisfy(f -> assertThat(f.hold()).isEqualTo(Duration.ofSeconds(30)));
        assertThat(faults).filteredOn(f -> f.kind() == FaultKind.KILL_DURING_REBALANCE)
                .allSatisfy(f -> assertThat(f.second()).isPositive());
    }

    @Test
    void shouldRefuseAKillDuringARebalanceWithOneInstance() {
        assertThatThrownBy(() -> new FaultSchedule.Plan(Map.of(FaultKind.KILL_DURING_REBALANCE, 1), 1, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("two instances");
    }
}
