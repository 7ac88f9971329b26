package io.glimpse.demo.chaos;

import io.glimpse.cli.DurationConverter;
import io.glimpse.demo.ModelFiles;
import io.glimpse.demo.ModelOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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

    @Option(names = "--instances", defaultValue = "3", description = "Glimpse instances (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the frames topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--cameras", defaultValue = "12", description = "Simulated cameras (default ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--fps", defaultValue = "4", description = "Frames per second per camera (default ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--session-timeout", defaultValue = "6s", converter = DurationConverter.class,
            description = "The instances' consumer session timeout (default ${DEFAULT-VALUE}).")
    Duration sessionTimeout;

    @Option(names = "--dir", description = "Working directory: data, state and every log (default: a new temporary one, kept).")
    Path dir;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Set a key of every instance.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Mixin ModelOptions model;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("glimpse-chaos");
        ModelFiles files = model.resolve(work, System.err);
        ChaosSettings settings = ChaosSettings.of(work, files, instances, partitions, cameras, fps, sessionTimeout, properties);
        long s = seed != null ? seed : System.nanoTime();
        FaultSchedule schedule = FaultSchedule.draw(plan(), s);
        System.err.printf("Chaos run in %s; replay with --seed %d%n", work, s);
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
        FaultSchedule.Plan plan = shortForm ? FaultSchedule.Plan.shortForm(instances, registryOutage, sessionTimeout)
                : FaultSchedule.Plan.longForm(instances, registryOutage, sessionTimeout);
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
