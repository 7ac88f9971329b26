package io.glimpse.demo.chaos;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code glimpse demo scale}: committed throughput, latency and rebalance stalls for 1, 2, 3 instances. */
@Command(
        name = "scale",
        mixinStandardHelpOptions = true,
        description = "Throughput, latency and rebalance stalls with 1, 2 and 3 Glimpse processes on this machine.")
public final class ScaleCommand implements Callable<Integer> {

    @Option(names = "--counts", split = ",", defaultValue = "1,2,3", description = "Instance counts (default ${DEFAULT-VALUE}).")
    List<Integer> counts;

    @Option(names = "--load", defaultValue = "0.5",
            description = "Paced rate as a fraction of the first count's committed throughput (default ${DEFAULT-VALUE}).")
    double load;

    @Mixin ClusterOptions cluster;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        ChaosSettings settings = cluster.settings("glimpse-scale");
        System.err.printf("Scale run in %s%n", settings.dir());
        List<ScaleRun.ScaleRow> rows = new ScaleRun(settings, counts, load, line -> System.err.println("  " + line)).run();
        System.out.printf("%nGlimpse scale-out: %d partitions, %d cameras, session timeout %d s, %d cores%n", settings.partitions(),
                settings.cameras(), settings.sessionTimeout().toSeconds(), Runtime.getRuntime().availableProcessors());
        System.out.println(ScaleRun.ScaleRow.header());
        rows.forEach(System.out::println);
        return 0;
    }
}
