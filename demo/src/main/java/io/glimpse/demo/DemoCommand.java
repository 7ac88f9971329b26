package io.glimpse.demo;

import io.glimpse.cli.DurationConverter;
import io.glimpse.cli.GlimpseCommandLine;
import io.glimpse.clients.view.LiveView;

import io.glimpse.demo.bench.EndToEndBench;
import io.glimpse.demo.chaos.ChaosCommand;
import io.glimpse.demo.chaos.ScaleCommand;
import io.glimpse.demo.chaos.SoakCommand;
import io.glimpse.demo.bench.RhoBench;
import io.glimpse.deploy.LocalServers;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.schemas.weights.ModelPackage;
import io.glimpse.streams.rho.KeepRatioSettings;
import io.glimpse.trainer.publish.ModelDirectory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code glimpse demo}: embedded broker and registry, Glimpse in-process, simulated cameras and a
 * live console view, until Ctrl-C or {@code --duration}; then a summary. Exit status 0 when every
 * frame got exactly one result.
 */
@Command(
        name = "glimpse demo",
        mixinStandardHelpOptions = true,
        description = "Simulated cameras -> embedded Kafka + registry -> Glimpse -> live view of the results.",
        subcommands = {EndToEndBench.class, RhoBench.class, ChaosCommand.class, ScaleCommand.class, SoakCommand.class})
public final class DemoCommand implements Callable<Integer> {

    /** Where the demo's log goes, so that log lines do not tear the live view. */
    static final Path LOG_FILE = Path.of(".glimpse", "demo.log");
    /** Where cli's logback.xml writes instead of stderr when set. */
    static final String LOG_FILE_PROPERTY = "glimpse.log.file";

    @Option(names = "--cameras", defaultValue = "4", description = "Simulated cameras (default ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--fps", defaultValue = "5", description = "Frames per second per camera (default ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "How long to run, e.g. 60s or 5m (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--rho", defaultValue = "0.7", description = "Keep ratio with --rho-policy fixed (default ${DEFAULT-VALUE}).")
    double rho;

    @Option(names = "--rho-policy", defaultValue = "fixed",
            description = "fixed: every batch at --rho; adaptive: the controller lowers rho to hold --slo-ms under load and raises it"
                    + " again (default ${DEFAULT-VALUE}; try adaptive with --fps 100).")
    String rhoPolicy;

    @Option(names = "--slo-ms", defaultValue = "250", description = "Latency objective of the adaptive policy (default ${DEFAULT-VALUE}).")
    long sloMillis;

    @Option(names = "--batch", defaultValue = "16", description = "Largest inference batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the frames topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--plain", description = "Append each table instead of redrawing the screen.")
    boolean plain;

    @Option(names = "--swap-after", converter = DurationConverter.class, defaultValue = "20s",
            description = "With the shipped model: start on its dense teacher and publish the student to the models topic after"
                    + " this long; the console shows each camera move to the new version (default ${DEFAULT-VALUE}; 0 turns it off).")
    Duration swapAfter;

    @Option(names = "--view-port", defaultValue = "8080",
            description = "Port of the live web view on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one, -1 turns it off).")
    int viewPort;

    @Option(names = "--no-view", description = "Do not start the live web view.")
    boolean noView;

    @Mixin ModelOptions model;

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        quietLogging();
        GlimpseCommandLine.run(new DemoCommand(), args);
    }

    /**
     * Sends logging to {@link #LOG_FILE} unless {@code glimpse.log.file} is set: the console is the demo's
     * view, which log lines would tear. Must run before the first logger is made (cli's logback.xml reads it).
     */
    static void quietLogging() {
        if (System.getProperty(LOG_FILE_PROPERTY) == null) {
            System.setProperty(LOG_FILE_PROPERTY, LOG_FILE.toString());
        }
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        Path scratch = Files.createTempDirectory("glimpse-demo");
        try {
            ModelFiles files = model.resolve(scratch, System.err);
            ModelSwap swap = null;
            Optional<Path> shipped = model.isDefault() ? DemoModel.findShipped() : Optional.empty();
            if (!swapAfter.isZero() && shipped.isPresent() && Files.isRegularFile(shipped.get().resolve(DemoModel.TEACHER_WEIGHTS_FILE))) {
                Path dir = shipped.get();
                files = DemoModel.teacherOf(dir, scratch);
                ModelPackage student = ModelDirectory.of(dir).read(
                        files.version().replace("-teacher", "-student"), dir.resolve(DemoModel.STUDENT_WEIGHTS_FILE), Optional.empty());
                swap = new ModelSwap(student, swapAfter, scratch, "glimpse.models");
            }
            DynamicVitConfig config = DynamicVitConfig.read(files.config());
            System.err.println("Starting the broker and the schema registry (log: " + LOG_FILE + ") ...");
            LocalServers servers = LocalServers.builder().start();
            try {
                return run(servers, files, config.getImageHeight(), swap);
            } finally {
                closeQuietly(servers);
            }
        } finally {
            Directories.deleteTree(scratch);
        }
    }

    private int run(LocalServers servers, ModelFiles files, int imageSize, ModelSwap swap) throws Exception {
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "glimpse-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Demo demo = Demo.builder()
                .setServers(servers.bootstrapServers(), servers.registryUrl())
                .setModel(files, imageSize)
                .optPartitions(partitions)
                .optCameras(cameras)
                .optFramesPerSecond(fps)
                .optKeepRatio(rho)
                .optProperty(KeepRatioSettings.POLICY_CONFIG, rhoPolicy)
                .optProperty(KeepRatioSettings.SLO_MS_CONFIG, sloMillis)
                .optBatchSize(batch)
                .optSwap(swap)
                .build();
        try {
            System.err.println("Starting Glimpse and " + cameras + " cameras ...");
            demo.start();
            LiveView web = startView(servers);
            String url = web == null ? "" : "  ·  live view " + web.url();
            if (web != null) {
                System.err.println("Live view: " + web.url());
            }
            ConsoleView view = new ConsoleView(System.out, !plain && System.console() != null, header(files) + url);
            long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            while (!stopRequested.await(1, TimeUnit.SECONDS) && System.nanoTime() < end) {
                String swapStatus = demo.swapStatus();
                view.draw(demo.snapshot(), demo.sent(), (swapStatus.isEmpty() ? "" : swapStatus + "\n") + footer(end));
            }
            view.draw(demo.snapshot(), demo.sent(), "stopping: waiting for the last results ...");
            DemoSummary summary = demo.stop(Duration.ofSeconds(30));
            System.out.print(summary.format());
            if (!files.trained()) {
                System.out.println("  (random model: the accuracy is chance level)");
            }
            return summary.exactlyOneResultPerFrame() ? 0 : 1;
        } finally {
            closeQuietly(webView);
            demo.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Shutting down already: the hook has run or is running.
            }
        }
    }

    private LiveView webView;

    /** Starts the web view on the demo's topics, unless turned off; closed with the demo. */
    private LiveView startView(LocalServers servers) throws IOException {
        if (noView || viewPort < 0) {
            return null;
        }
        webView = DemoView.start(servers.bootstrapServers(), servers.registryUrl(), DemoTopics.withPrefix("glimpse"),
                viewPort, sloMillis);
        return webView;
    }

    private String header(ModelFiles files) {
        String keepRatio = rhoPolicy.equals("adaptive")
                ? String.format(Locale.ROOT, "rho adaptive, p99 ≤ %d ms", sloMillis)
                : String.format(Locale.ROOT, "rho %.2f", rho);
        return String.format(Locale.ROOT, "Glimpse demo · %d cameras × %s fps · %s · batch ≤ %d · model %s%s",
                cameras, fps, keepRatio, batch, files.version(),
                files.trained() ? "" : "  [no trained model found: labels are random]");
    }

    private static String footer(long endNanos) {
        if (endNanos == Long.MAX_VALUE) {
            return "Ctrl-C to stop";
        }
        long left = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(endNanos - System.nanoTime()));
        return "stops in " + left + " s (Ctrl-C to stop now)";
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("warning: " + resource.getClass().getSimpleName() + " did not close cleanly: " + e);
        }
    }

}
