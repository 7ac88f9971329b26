package io.glimpse.demo.chaos;

import java.time.Duration;
import java.util.Objects;

/**
 * One planned fault: what, when (from the start of the run), how long it holds (the pause before a
 * restart, the outage, the burst), and which instance it hits.
 *
 * @param kind the class of fault
 * @param at when it is injected, from the start of the run
 * @param hold how long it lasts before the harness undoes it
 * @param instance the instance it hits (0-based), or the first of two for {@link FaultKind#KILL_DURING_REBALANCE}
 * @param second for {@link FaultKind#KILL_DURING_REBALANCE}: how long after the first instance's restart the
 *     second is killed; zero otherwise
 */
public record Fault(FaultKind kind, Duration at, Duration hold, int instance, Duration second) {

    /** Checks the parts. */
    public Fault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(second, "second");
        if (instance < 0) {
            throw new IllegalArgumentException("instance must be >= 0, got " + instance);
        }
    }

    /** When the harness is done with this fault (restarts issued, outage over), from the start of the run. */
    public Duration end() {
        return at.plus(hold).plus(second).plus(kind == FaultKind.KILL_DURING_REBALANCE ? hold : Duration.ZERO);
    }
}
