package io.glimpse.demo.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded, reproducible plan of faults: the kinds in a shuffled order, one after another, each with
 * a random hold within its kind's range and a random quiet gap after it. The same seed and plan give
 * the same schedule, so a failing run can be replayed.
 *
 * @param seed the seed it was drawn from
 * @param faults the faults, in time order
 * @param length when the last fault's gap ends, from the start of the run
 */
public record FaultSchedule(long seed, List<Fault> faults, Duration length) {

    /** Copies the list. */
    public FaultSchedule {
        faults = List.copyOf(faults);
    }

    /**
     * Draws a schedule.
     *
     * @param plan how many of each kind and the time ranges
     * @param seed the random seed
     * @return the schedule
     */
    public static FaultSchedule draw(Plan plan, long seed) {
        Random random = new Random(seed);
        List<FaultKind> kinds = new ArrayList<>();
        plan.counts().forEach((kind, n) -> kinds.addAll(Collections.nCopies(n, kind)));
        Collections.shuffle(kinds, random);
        List<Fault> faults = new ArrayList<>();
        Duration t = plan.warmUp();
        for (FaultKind kind : kinds) {
            Duration hold = switch (kind) {
                case INSTANCE_KILL -> between(random, Duration.ofMillis(500), Duration.ofSeconds(8));
                case KILL_DURING_REBALANCE -> between(random, Duration.ofMillis(500), Duration.ofSeconds(3));
                case BROKER_KILL -> between(random, Duration.ofSeconds(2), Duration.ofSeconds(10));
                case REGISTRY_OUTAGE -> plan.registryOutage();
                case INSTANCE_PAUSE -> plan.sessionTimeout().plus(between(random, Duration.ofSeconds(2), Duration.ofSeconds(6)));
                case MALFORMED_BURST -> between(random, Duration.ofSeconds(2), Duration.ofSeconds(5));
            };
            Duration second = kind == FaultKind.KILL_DURING_REBALANCE
                    ? between(random, Duration.ofMillis(500), Duration.ofSeconds(3)) : Duration.ZERO;
            Fault fault = new Fault(kind, t, hold, random.nextInt(plan.instances()), second);
            faults.add(fault);
            t = fault.end().plus(between(random, plan.minGap(), plan.maxGap()));
        }
        return new FaultSchedule(seed, faults, t);
    }

    private static Duration between(Random random, Duration low, Duration high) {
        long span = high.toMillis() - low.toMillis();
        return low.plusMillis(span <= 0 ? 0 : (long) (random.nextDouble() * span));
    }

    /**
     * What a schedule is drawn from.
     *
     * @param counts how many faults of each kind
     * @param instances how many app instances there are to hit
     * @param warmUp fault-free time at the start
     * @param minGap least quiet time after a fault ends
     * @param maxGap most quiet time after a fault ends
     * @param registryOutage how long the registry stays down
     * @param sessionTimeout the instances' consumer session timeout; a pause lasts longer than it
     */
    public record Plan(Map<FaultKind, Integer> counts, int instances, Duration warmUp, Duration minGap, Duration maxGap,
            Duration registryOutage, Duration sessionTimeout) {

        /**
         * The short form CI runs: one fault of each class.
         *
         * @param instances app instances
         * @param registryOutage how long the registry stays down
         * @param sessionTimeout the instances' session timeout
         * @return the plan
         */
        public static Plan shortForm(int instances, Duration registryOutage, Duration sessionTimeout) {
            Map<FaultKind, Integer> counts = new EnumMap<>(FaultKind.class);
            for (FaultKind kind : FaultKind.values()) {
                counts.put(kind, 1);
            }
            return new Plan(counts, instances, Duration.ofSeconds(10), Duration.ofSeconds(12), Duration.ofSeconds(16),
                    registryOutage, sessionTimeout);
        }

        /**
         * The long form: twelve instance kills (eight alone, two pairs during a rebalance), two broker kills,
         * one registry outage, two pauses and three malformed bursts.
         *
         * @param instances app instances
         * @param registryOutage how long the registry stays down
         * @param sessionTimeout the instances' session timeout
         * @return the plan
         */
        public static Plan longForm(int instances, Duration registryOutage, Duration sessionTimeout) {
            Map<FaultKind, Integer> counts = new EnumMap<>(FaultKind.class);
            counts.put(FaultKind.INSTANCE_KILL, 8);
            counts.put(FaultKind.KILL_DURING_REBALANCE, 2);
            counts.put(FaultKind.BROKER_KILL, 2);
            counts.put(FaultKind.REGISTRY_OUTAGE, 1);
            counts.put(FaultKind.INSTANCE_PAUSE, 2);
            counts.put(FaultKind.MALFORMED_BURST, 3);
            return new Plan(counts, instances, Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(25),
                    registryOutage, sessionTimeout);
        }

        /**
         * This plan with another count for one kind.
         *
         * @param kind the kind
         * @param count how many
         * @return the new plan
         */
        public Plan withCount(FaultKind kind, int count) {
            if (count < 0) {
                throw new IllegalArgumentException("count must be >= 0, got " + count);
            }
            Map<FaultKind, Integer> changed = new EnumMap<>(counts);
            changed.put(kind, count);
            return new Plan(changed, instances, warmUp, minGap, maxGap, registryOutage, sessionTimeout);
        }

        /** Checks the ranges and copies the counts. */
        public Plan {
            counts = Collections.unmodifiableMap(new EnumMap<>(counts));
            if (instances < 1) {
                throw new IllegalArgumentException("at least one instance is needed, got " + instances);
            }
            if (instances < 2 && counts.getOrDefault(FaultKind.KILL_DURING_REBALANCE, 0) > 0) {
                throw new IllegalArgumentException("a kill during a rebalance needs at least two instances");
            }
            if (minGap.compareTo(maxGap) > 0) {
                throw new IllegalArgumentException("min gap " + minGap + " exceeds max gap " + maxGap);
            }
        }
    }
}
