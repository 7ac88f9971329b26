package io.glimpse.streams.cli;

import io.glimpse.cli.GlimpseCommandLine;

import io.glimpse.streams.GlimpseApp;
import io.glimpse.streams.GlimpseConfig;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code glimpse app run}: one Glimpse instance, until SIGTERM or Ctrl-C. */
@Command(
        name = "glimpse app",
        mixinStandardHelpOptions = true,
        description = "Run the Glimpse Kafka Streams application.",
        subcommands = {AppCommand.Run.class})
public final class AppCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** {@inheritDoc} */
    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        GlimpseCommandLine.run(new AppCommand(), args);
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Start an instance.")
    static final class Run implements Callable<Integer> {

        @Option(names = "--config", required = true, description = "Properties file: glimpse.* keys and Kafka Streams keys.")
        Path config;

        @Option(names = "-D", description = "Override a property (key=value).")
        Map<String, String> overrides = Map.of();

        @Override
        public Integer call() throws Exception {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(config)) {
                props.load(in);
            }
            props.putAll(overrides);
            GlimpseApp app = GlimpseApp.start(new GlimpseConfig(props));
            CountDownLatch closed = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                closed.countDown();
            }, "glimpse-shutdown"));
            closed.await();
            return 0;
        }
    }
}
