package io.glimpse.streams.cli;

import io.glimpse.cli.GlimpseCommandLine;

import io.glimpse.streams.ConfigSources;
import io.glimpse.streams.GlimpseApp;
import io.glimpse.streams.GlimpseConfig;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code glimpse app run}: one Glimpse instance, until SIGTERM or Ctrl-C. Settings come from the
 * {@code --config} file, the environment and {@code -D} overrides, in that rising precedence
 * ({@link ConfigSources}); an invalid setting stops the start with one line naming it.
 */
@Command(
        name = "glimpse app",
        mixinStandardHelpOptions = true,
        description = "Run the Glimpse Kafka Streams application.",
        subcommands = {AppCommand.Run.class})
public final class AppCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    /** Reads settings from this process's environment. */
    public AppCommand() {
        this(System.getenv());
    }

    /**
     * Reads settings from the given environment instead of the process's, for tests.
     *
     * @param environment the environment variables
     */
    AppCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

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

        @ParentCommand AppCommand parent;

        @Option(names = "--config", paramLabel = "FILE",
                description = "Properties file: glimpse.* keys and Kafka Streams keys (see app.properties);"
                        + " optional when the environment supplies the settings (GLIMPSE_*, KAFKA_*, SCHEMA_REGISTRY_URL).")
        Path config;

        @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Set a key; wins over the file and the environment.")
        Map<String, String> overrides = Map.of();

        /** Loads and validates the settings, without starting anything. */
        GlimpseConfig settings() throws IOException {
            return ConfigSources.load(config, parent.environment, overrides);
        }

        @Override
        public Integer call() throws Exception {
            GlimpseApp app = GlimpseApp.start(settings());
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "glimpse-shutdown"));
            if (app.awaitStop()) {
                throw new IllegalStateException(app.stopReason()
                        .orElse("Kafka Streams stopped in error; see the log above for the cause"));
            }
            return 0;
        }
    }
}
