package io.glimpse.demo.bench;

import io.glimpse.cli.DurationConverter;
import io.glimpse.clients.ClientSettings;
import io.glimpse.demo.ModelFiles;
import io.glimpse.demo.ModelOptions;
import io.glimpse.deploy.LocalServers;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.streams.GlimpseApp;
import io.glimpse.streams.GlimpseConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code glimpse demo bench}: what the whole pipeline (broker, registry, Avro, exactly-once Kafka
 * Streams, micro-batching) costs against the bare model, and its latency below capacity, on
 * embedded servers in this JVM.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "End-to-end throughput (vs. the bare model) and latency through the real broker and registry.")
public final class EndToEndBench implements Callable<Integer> {

    @Option(names = "--frames", defaultValue = "2000", description = "Backlog per throughput round (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--rounds", defaultValue = "3", description = "Throughput rounds of each kind, alternating (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--raw-seconds", defaultValue = "3", description = "Least length of a bare-model round (default ${DEFAULT-VALUE}).")
    double rawSeconds;

    @Option(names = "--rho", defaultValue = "0.7", description = "Keep ratio (default ${DEFAULT-VALUE}).")
    double rho;

    @Option(names = "--batch", defaultValue = "16", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--workers", defaultValue = "0",
            description = "Inference workers; 0 is one per core, the app's default (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--max-in-flight", description = "Frames a task may have in flight (default: max(64, 4 x batch)).")
    Integer maxInFlight;

    @Option(names = "--cameras", defaultValue = "8", description = "Stream ids the frames are spread over (default ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the frames topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--loads", split = ",", defaultValue = "0.5,0.8",
            description = "Paced loads, as fractions of the measured capacity (default ${DEFAULT-VALUE}).")
    double[] loads;

    @Option(names = "--latency-duration", defaultValue = "20s", converter = DurationConverter.class,
            description = "How long each paced load runs (default ${DEFAULT-VALUE}).")
    Duration latencyDuration;

    @Option(names = "-D", paramLabel = "KEY=VALUE",
            description = "Set a key of each Glimpse instance (glimpse.* or Kafka Streams), e.g. -D num.stream.threads=2.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--cluster-config", paramLabel = "FILE",
            description = "Measure on an existing cluster instead of embedded servers: a settings file with bootstrap.servers,"
                    + " schema.registry.url and any security.*, sasl.*, ssl.* and registry-credential keys (as the app's and the"
                    + " clients' --config); KAFKA_* and SCHEMA_REGISTRY_* variables win over it.")
    Path clusterConfig;

    @Mixin ModelOptions model;

    @Spec CommandSpec spec;

    private int engineThreads;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        Path scratch = Files.createTempDirectory("glimpse-bench");
        try {
            ModelFiles files = model.resolve(scratch, System.err);
            DynamicVitConfig config = DynamicVitConfig.read(files.config());
            // The bare model starts the engine: give it the threads the app would (cores / workers).
            Map<String, Object> app = new LinkedHashMap<>(properties);
            app.put(GlimpseConfig.MODEL_CONFIG_CONFIG, files.config().toString());
            app.put(GlimpseConfig.MODEL_WEIGHTS_CONFIG, files.weights().toString());
            app.put(GlimpseConfig.WORKERS_CONFIG, workers);
            GlimpseConfig engine = new GlimpseConfig(app);
            GlimpseApp.configureEngine(engine);
            engineThreads = engine.engineThreads();
            workers = engine.workers();
            if (clusterConfig != null) {
                Map<String, Object> client = ClientSettings.clientPart(ClientSettings.read(clusterConfig, System.getenv()));
                String bootstrap = required(client, "bootstrap.servers");
                String registry = required(client, "schema.registry.url");
                run(files, config, bootstrap, registry, client);
            } else {
                System.err.println("Starting the broker and the schema registry ...");
                try (LocalServers servers = LocalServers.builder().start()) {
                    run(files, config, servers.bootstrapServers(), servers.registryUrl(), Map.of());
                }
            }
        } finally {
            try (Stream<Path> paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private void run(ModelFiles files, DynamicVitConfig config, String bootstrap, String registry, Map<String, Object> client)
            throws Exception {
        PipelineBench bench = new PipelineBench(
                new PipelineBench.Settings(bootstrap, registry, files, config.getImageHeight(), rho, batch, workers, cameras,
                        partitions, maxInFlight == null ? Math.max(64, 4 * batch) : maxInFlight, properties, client),
                line -> System.err.println("  " + line));
        ThroughputResult throughput = bench.throughput(frames, rounds, rawSeconds);
        List<LatencyResult> latencies = new ArrayList<>();
        for (double load : loads) {
            latencies.add(bench.latency(load, throughput.pipelineMedian(), latencyDuration));
        }
        System.out.print(report(files, config, throughput, latencies));
    }

    private String required(Map<String, Object> client, String key) {
        Object value = client.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new ParameterException(spec.commandLine(), "--cluster-config " + clusterConfig + " sets no " + key);
        }
        return value.toString();
    }

    private String report(ModelFiles files, DynamicVitConfig config, ThroughputResult t, List<LatencyResult> latencies) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nGlimpse end-to-end benchmark%n  command: ./glimpse demo %s%n",
                String.join(" ", spec.commandLine().getParseResult().originalArgs())));
        b.append(String.format(Locale.ROOT, "  model %s%s: %s%n", files.version(), files.trained() ? "" : " (random weights)", config));
        b.append(String.format(Locale.ROOT, "  max in flight per task %s;", maxInFlight == null ? "default" : maxInFlight));
        b.append(String.format(Locale.ROOT, " rho %.2f, batch %d, workers %d of %d engine thread%s, %d cores; "
                        + "%s, exactly-once v2%s%n%n",
                rho, batch, workers, engineThreads, engineThreads == 1 ? "" : "s", Runtime.getRuntime().availableProcessors(),
                clusterConfig == null ? "embedded KRaft broker, Apicurio registry" : "the cluster of " + clusterConfig,
                properties.isEmpty() ? "" : "; " + properties));
        b.append(String.format(Locale.ROOT, "Throughput (%d rounds alternating, median; %d-frame backlog per pipeline round)%n",
                t.rawRates().size(), frames));
        b.append(String.format(Locale.ROOT, "  %-34s %10s   %s%n", "", "median", "rounds"));
        b.append(String.format(Locale.ROOT, "  %-34s %10.1f   %s%n", "bare model (" + workers + " worker" + (workers == 1 ? "" : "s") + "), images/s",
                t.rawMedian(), list(t.rawRates())));
        b.append(String.format(Locale.ROOT, "  %-34s %10.1f   %s%n", "pipeline, frames/s (committed)", t.pipelineMedian(),
                list(t.pipelineRates())));
        b.append(String.format(Locale.ROOT, "  %-34s %9.1f%%   (target >= 85%%)%n", "pipeline / bare model", 100 * t.ratio()));
        b.append(String.format(Locale.ROOT, "  %-34s %10s   %s%n", "pipeline mean batch size", "", list(t.meanBatchSizes())));
        b.append(String.format(Locale.ROOT, "  %-34s %10s   %s%n", "pipeline workers busy, share of time", "",
                list(t.workersBusy())));
        b.append(String.format(Locale.ROOT, "  %-34s %10s   %s%n%n", "instance start (not counted), s", "",
                list(t.startupSeconds())));
        b.append("CPU per frame, ms (process CPU time by kind of thread; median of the rounds)\n");
        b.append(String.format(Locale.ROOT, "  %-34s %10s %10s%n", "", "bare model", "pipeline"));
        for (String kind : t.pipelineCpu().isEmpty() ? List.<String>of() : t.pipelineCpu().get(0).keySet()) {
            b.append(String.format(Locale.ROOT, "  %-34s %10.3f %10.3f%n", kind,
                    ThroughputResult.medianCpu(t.rawCpu(), kind), ThroughputResult.medianCpu(t.pipelineCpu(), kind)));
        }
        List<Double> outside = new ArrayList<>();
        t.pipelineCpu().forEach(r -> outside.add(ThroughputResult.outsideInference(r)));
        b.append(String.format(Locale.ROOT, "  %-34s %10s %10.3f   %s%n%n", "pipeline outside inference", "",
                ThroughputResult.median(outside), list(outside)));
        b.append("Latency under paced load (capture time -> result time; -> committed and read)\n");
        b.append(String.format(Locale.ROOT, "  %6s %9s %9s %8s %8s %8s %9s %9s %5s%n",
                "load", "offered/s", "achieved", "frames", "p50 ms", "p99 ms", "commit p50", "commit p99", "DLQ"));
        for (LatencyResult l : latencies) {
            b.append(String.format(Locale.ROOT, "  %5.0f%% %9.1f %9.1f %8d %8d %8d %9d %9d %5d%n",
                    100 * l.load(), l.offeredRate(), l.achievedRate(), l.results(), l.p50Millis(), l.p99Millis(),
                    l.visibleP50Millis(), l.visibleP99Millis(), l.deadLetters()));
        }
        return b.toString();
    }

    private static String list(List<Double> values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", v));
        }
        return b.toString();
    }
}
