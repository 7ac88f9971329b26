package io.glimpse.demo.bench;

import java.util.List;

/**
 * What an instance did besides serving frames: its collector's pauses and its long JIT
 * compilations, laid beside a latency tail to name its cause. Immutable.
 *
 * @param gcPauses the garbage collector's stop-the-world pauses
 * @param compilations the JIT compiler's compilations of {@link JitCompilations#THRESHOLD} or more
 */
record Stalls(List<Stall> gcPauses, List<Stall> compilations) {

    Stalls {
        gcPauses = List.copyOf(gcPauses);
        compilations = List.copyOf(compilations);
    }

    /**
     * Returns the stalls that began at or after a moment.
     *
     * @param fromMillis epoch milliseconds
     * @return those stalls
     */
    Stalls since(long fromMillis) {
        return new Stalls(gcPauses.stream().filter(p -> p.startMillis() >= fromMillis).toList(),
                compilations.stream().filter(c -> c.startMillis() >= fromMillis).toList());
    }
}
