package io.glimpse.demo.chaos;

import io.glimpse.cli.DurationConverter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code glimpse demo soak}: a long run at a fraction of capacity, memory sampled and plotted. */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        description = "Run Glimpse processes at a steady fraction of their capacity; sample and plot their memory.")
public final class SoakCommand implements Callable<Integer> {

    @Option(names = "--duration", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long the load runs (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--load", defaultValue = "0.8", description = "Fraction of the measured committed capacity to offer (default ${DEFAULT-VALUE}).")
    double load;

    @Option(names = "--interval", defaultValue = "1m", converter = DurationConverter.class,
            description = "How often to sample (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--out", defaultValue = "soak", description = "Where soak.csv and soak.png go (default ${DEFAULT-VALUE}).")
    Path out;

    @Mixin ClusterOptions cluster;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        ChaosSettings settings = cluster.settings("glimpse-soak");
        System.err.printf("Soak run in %s%n", settings.dir());
        SoakReport report = new SoakRun(settings, duration, load, interval, out, line -> System.err.println("  " + line)).run();
        System.out.print(report.format());
        System.out.printf("%nsamples: %s, plot: %s%n", out.resolve("soak.csv"), out.resolve("soak.png"));
        return 0;
    }
}
