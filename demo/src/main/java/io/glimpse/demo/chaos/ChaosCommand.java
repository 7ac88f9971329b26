package io.glimpse.demo.chaos;

import io.glimpse.cli.DurationConverter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code glimpse demo chaos}: a process broker, a process registry and Glimpse instances as processes,
 * cameras at a steady rate, faults on a seeded schedule, then an audit of every frame. Exits 0 only when
 * every frame got exactly one outcome and every fault was recovered from.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = "Kill, pause and cut off the parts of a running Glimpse cluster on a seeded schedule; audit every frame.")
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--seed", description = "Seed of the fault schedule (default: drawn and printed).")
    Long seed;

    @Option(names = "--short", description = "One fault of each class (the form CI runs), instead of the long form.")
    boolean shortForm;

    @Option(names = "--kills", description = "Instance SIGKILLs at random moments (default: long 8, short 1).")
    Integer kills;

    @Option(names = "--rebalance-kills", description = "Instance SIGKILLs during a rebalance, two kills each (default: long 2, short 1).")
    Integer rebalanceKills;

    @Option(names = "--broker-kills", description = "Broker SIGKILLs (default: long 2, short 1).")
    Integer brokerKills;

    @Option(names = "--registry-outages", description = "Registry outages (default 1).")
    Integer registryOutages;

    @Option(names = "--pauses", description = "Instance SIGSTOPs past the session timeout (default: long 2, short 1).")
    Integer pauses;

    @Option(names = "--bursts", description = "Malformed-frame bursts (default: long 3, short 1).")
    Integer bursts;

    @Option(names = "--registry-outage", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long the registry stays down (default ${DEFAULT-VALUE}).")
    Duration registryOutage;

    @Mixin ClusterOptions cluster;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        ChaosSettings settings = cluster.settings("glimpse-chaos");
        long s = seed != null ? seed : System.nanoTime();
        FaultSchedule schedule = FaultSchedule.draw(plan(), s);
        System.err.printf("Chaos run in %s; replay with --seed %d%n", settings.dir(), s);
        ChaosReport report = new ChaosRun(settings, schedule, line -> System.err.println("  " + line)).run();
        System.out.print(report.format());
        return report.passed() ? 0 : 1;
    }

    /**
     * The plan this command's options describe.
     *
     * @return counts and time ranges
     */
    FaultSchedule.Plan plan() {
        FaultSchedule.Plan plan = shortForm ? FaultSchedule.Plan.shortForm(cluster.instances, registryOutage, cluster.sessionTimeout)
                : FaultSchedule.Plan.longForm(cluster.instances, registryOutage, cluster.sessionTimeout);
        Map<FaultKind, Integer> counts = new EnumMap<>(FaultKind.class);
        counts.put(FaultKind.INSTANCE_KILL, kills);
        counts.put(FaultKind.KILL_DURING_REBALANCE, rebalanceKills);
        counts.put(FaultKind.BROKER_KILL, brokerKills);
        counts.put(FaultKind.REGISTRY_OUTAGE, registryOutages);
        counts.put(FaultKind.INSTANCE_PAUSE, pauses);
        counts.put(FaultKind.MALFORMED_BURST, bursts);
        for (Map.Entry<FaultKind, Integer> c : counts.entrySet()) {
            if (c.getValue() != null) {
                plan = plan.withCount(c.getKey(), c.getValue());
            }
        }
        return plan;
    }
}
