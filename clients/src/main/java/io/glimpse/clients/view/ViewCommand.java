package io.glimpse.clients.view;

import io.glimpse.cli.GlimpseCommandLine;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code glimpse view}: a live web page of a running deployment, read from its topics with the
 * instance's own settings file. Read-only; until Ctrl-C.
 */
@Command(
        name = "glimpse view",
        mixinStandardHelpOptions = true,
        description = "Live web page of the frames, results and dead letters of a Glimpse deployment (read-only).")
public final class ViewCommand implements Callable<Integer> {

    @Option(names = "--config", description = "The instance's settings file (e.g. streams-app/app.properties): broker,"
            + " registry, topics; the environment wins over it as for the app.")
    Path config;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 shows the page to the network).")
    String bind;

    @Option(names = "--slo-ms", defaultValue = "250", description = "Latency objective drawn on the chart (default ${DEFAULT-VALUE}).")
    long sloMillis;

    @Option(names = "--window", defaultValue = "180", description = "Seconds the charts span (default ${DEFAULT-VALUE}).")
    int windowSeconds;

    @Option(names = "--max-updates", defaultValue = "5",
            description = "Most page updates per second; in between, changes are coalesced (default ${DEFAULT-VALUE}).")
    int maxUpdates;

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        GlimpseCommandLine.run(new ViewCommand(), args);
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        ViewConfig settings = ViewConfig.load(config, System.getenv());
        CountDownLatch stop = new CountDownLatch(1);
        try (LiveView view = LiveView.builder()
                .optClientProperties(settings.client())
                .optTopics(settings.topics())
                .optBind(bind)
                .optPort(port)
                .optSloMillis(sloMillis)
                .optWindowSeconds(windowSeconds)
                .optMaxUpdatesPerSecond(maxUpdates)
                .start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            System.out.println("Glimpse view: " + view.url() + "  (topics " + settings.topics().frames() + ", "
                    + settings.topics().results() + ", " + settings.topics().deadLetters() + "; Ctrl-C to stop)");
            stop.await();
        }
        return 0;
    }
}
