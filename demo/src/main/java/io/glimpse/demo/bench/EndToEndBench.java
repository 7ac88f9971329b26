package io.glimpse.demo.bench;

import io.glimpse.cli.DurationConverter;
import io.glimpse.clients.ClientSettings;
import io.glimpse.demo.Directories;
import io.glimpse.demo.ModelFiles;
import io.glimpse.demo.ModelOptions;
import io.glimpse.deploy.KafkaBrokerProcess;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code glimpse demo bench}: what the whole pipeline (broker, registry, Avro, exactly-once Kafka
 * Streams, micro-batching) costs against the bare model, and its latency below capacity, on
 * embedded servers in this JVM. With {@code --instance-process} each instance measured runs as its own
 * JVM, as production runs it, so that the bench's own JIT, collector and clients can be kept off its
 * cores.
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

    @Option(names = "--warmup-rounds", defaultValue = "1",
            description = "Pipeline rounds run first and not counted, while the JIT compiles the pipeline's code; with"
                    + " --instance-process, this many for each instance (default ${DEFAULT-VALUE}).")
    int warmupRounds;

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

    @Option(names = "--latency-warmup", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long each paced load runs before it is measured: a fresh instance's first seconds, or with"
                    + " --instance-process the kept instance's change from idle to the load (default ${DEFAULT-VALUE}).")
    Duration latencyWarmUp;

    @Option(names = "-D", paramLabel = "KEY=VALUE",
            description = "Set a key of each Glimpse instance (glimpse.* or Kafka Streams), e.g. -D num.stream.threads=2.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--vary", paramLabel = "KEY=V1,V2",
            description = "Compare values of one instance setting in this run: every round runs the pipeline once per value,"
                    + " and every paced load runs once per value at the same rate (the first value's capacity),"
                    + " e.g. --vary glimpse.batch.max.size=8,16.")
    String vary;

    @Option(names = "--servers-cpus", paramLabel = "CPUS",
            description = "Run the broker and the registry as processes of their own, pinned to these CPUs (taskset list,"
                    + " e.g. 1), as a production broker runs on other machines; run the bench itself on the other CPUs,"
                    + " e.g. taskset -c 0 ./glimpse demo bench --servers-cpus 1. The bench's cameras and result reader run there"
                    + " too, as they would run elsewhere; their CPU time is then not counted as the pipeline's.")
    String serversCpus;

    @Option(names = "--instance-process",
            description = "Run each instance measured as its own JVM, as ./glimpse app run runs it (the launcher's JVM options"
                    + " and OMP_NUM_THREADS), pinned to --instance-cpus, and read it from outside: its metrics page, its /proc"
                    + " entry, a flight recording of its collector pauses and long compilations. One instance per --vary value,"
                    + " started once and kept for all its rounds and paced loads, so that its warm-up rounds warm the JVM that"
                    + " is measured; each round freezes it (SIGSTOP) while the round's backlog is produced onto its topic and"
                    + " times the drain from its resume. With --servers-cpus the bench's whole JVM (its JIT, collector, cameras"
                    + " and result reader) moves onto the servers' CPUs; the bare model still runs on the instance's CPUs.")
    boolean instanceProcess;

    @Option(names = "--instance-cpus", paramLabel = "CPUS",
            description = "With --instance-process: the CPUs of each instance and of the bare model (taskset list; default: the"
                    + " CPUs the bench may run on, less --servers-cpus).")
    String instanceCpus;

    @Option(names = "--cluster-config", paramLabel = "FILE",
            description = "Measure on an existing cluster instead of embedded servers: a settings file with bootstrap.servers,"
                    + " schema.registry.url and any security.*, sasl.*, ssl.* and registry-credential keys (as the app's and the"
                    + " clients' --config); KAFKA_* and SCHEMA_REGISTRY_* variables win over it.")
    Path clusterConfig;

    @Mixin ModelOptions model;

    @Spec CommandSpec spec;

    private int engineThreads;
    /** What the bench was allowed before it moved itself: the report's "cores (CPUs ...)". */
    private final String allowedAtStart = CpuPinning.allowedHere();
    private final int coresAtStart = Runtime.getRuntime().availableProcessors();
    /** Where each instance runs with --instance-process, else null. */
    private CpuList instanceCpuList;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        if (serversCpus != null && clusterConfig != null) {
            throw new ParameterException(spec.commandLine(), "--servers-cpus starts servers of its own; --cluster-config uses existing ones");
        }
        instanceCpuList = instanceProcess ? instanceCpus() : null;
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
            if (instanceCpuList == null) {
                GlimpseApp.configureEngine(engine);
                engineThreads = engine.engineThreads();
                workers = engine.workers();
            } else {
                // Sized for the instance's CPUs, as the instance sizes itself there, not for the bench's.
                engineThreads = engine.engineThreads(instanceCpuList.size());
                workers = engine.workers(instanceCpuList.size());
                app.put(GlimpseConfig.ENGINE_THREADS_CONFIG, engineThreads);
                GlimpseApp.configureEngine(new GlimpseConfig(app));
            }
            if (clusterConfig != null) {
                Map<String, Object> client = ClientSettings.clientPart(ClientSettings.read(clusterConfig, System.getenv()));
                String bootstrap = required(client, "bootstrap.servers");
                String registry = required(client, "schema.registry.url");
                run(files, config, bootstrap, registry, client);
            } else {
                System.err.println("Starting the broker and the schema registry ...");
                LocalServers.KafkaMode mode = serversCpus == null ? LocalServers.KafkaMode.EMBEDDED : LocalServers.KafkaMode.PROCESS;
                try (LocalServers servers = LocalServers.builder().optKafkaMode(mode).start()) {
                    if (serversCpus != null) {
                        CpuPinning.pin(((KafkaBrokerProcess) servers.kafka()).pid(), serversCpus);
                        CpuPinning.pin(servers.registry().pid(), serversCpus);
                        if (instanceProcess) {
                            // Every thread of this JVM, and every thread it starts later (they inherit it), off the instance's CPUs.
                            CpuPinning.pin(ProcessHandle.current().pid(), serversCpus);
                        }
                    }
                    run(files, config, servers.bootstrapServers(), servers.registryUrl(), Map.of());
                }
            }
        } finally {
            Directories.deleteTree(scratch);
        }
        return 0;
    }

    private void run(ModelFiles files, DynamicVitConfig config, String bootstrap, String registry, Map<String, Object> client)
            throws Exception {
        PipelineBench.Settings settings = new PipelineBench.Settings(bootstrap, registry, files, config.getImageHeight(), rho, batch,
                workers, cameras, partitions, maxInFlight == null ? Math.max(64, 4 * batch) : maxInFlight, properties, client);
        try (PipelineBench bench = instanceCpuList == null
                ? new PipelineBench(settings, serversCpus, line -> System.err.println("  " + line))
                : new PipelineBench(settings, serversCpus, ProcessLauncher.on(instanceCpuList), line -> System.err.println("  " + line))) {
            List<Map<String, String>> variants = variants();
            List<ThroughputResult> throughput = bench.throughput(frames, warmupRounds, rounds, rawSeconds, variants);
            double capacity = throughput.get(0).pipelineMedian();
            List<LatencyResult> latencies = new ArrayList<>();
            for (double load : loads) {
                for (Map<String, String> variant : variants) {
                    latencies.add(bench.latency(load, capacity, latencyWarmUp, latencyDuration, variant));
                }
            }
            System.out.print(report(files, config, throughput, latencies));
        }
    }

    /** The CPUs of each instance with --instance-process: --instance-cpus, or those the bench may use less the servers'. */
    private CpuList instanceCpus() {
        if (instanceCpus != null) {
            return parse("--instance-cpus", instanceCpus);
        }
        CpuList allowed = parse("the bench's CPUs", allowedAtStart);
        CpuList left = serversCpus == null ? allowed : allowed.minus(parse("--servers-cpus", serversCpus));
        if (left.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "No CPU is left for the instance: the bench may run on " + allowed
                    + " and --servers-cpus takes " + serversCpus + "; start it on more (taskset -c) or set --instance-cpus");
        }
        return left;
    }

    private CpuList parse(String what, String cpus) {
        try {
            return CpuList.parse(cpus);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), what + ": " + e.getMessage());
        }
    }

    /** The settings compared: one map per value of {@code --vary}, or a single empty map. */
    private List<Map<String, String>> variants() {
        if (vary == null) {
            return List.of(Map.of());
        }
        int eq = vary.indexOf('=');
        if (eq <= 0 || eq == vary.length() - 1) {
            throw new ParameterException(spec.commandLine(), "--vary needs KEY=V1,V2,..., got '" + vary + "'");
        }
        String key = vary.substring(0, eq).strip();
        List<Map<String, String>> variants = new ArrayList<>();
        for (String value : vary.substring(eq + 1).split(",")) {
            variants.add(Map.of(key, value.strip()));
        }
        return variants;
    }

    private String required(Map<String, Object> client, String key) {
        Object value = client.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new ParameterException(spec.commandLine(), "--cluster-config " + clusterConfig + " sets no " + key);
        }
        return value.toString();
    }

    private String report(ModelFiles files, DynamicVitConfig config, List<ThroughputResult> throughput, List<LatencyResult> latencies) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nGlimpse end-to-end benchmark%n  command: ./glimpse demo %s%n",
                String.join(" ", spec.commandLine().getParseResult().originalArgs())));
        b.append(String.format(Locale.ROOT, "  model %s%s: %s%n", files.version(), files.trained() ? "" : " (random weights)", config));
        b.append(String.format(Locale.ROOT, "  max in flight per task %s;", maxInFlight == null ? "default" : maxInFlight));
        b.append(String.format(Locale.ROOT, " rho %.2f, batch %d, workers %d of %d engine thread%s, %d cores (CPUs %s); "
                        + "%s, exactly-once v2%s%n",
                rho, batch, workers, engineThreads, engineThreads == 1 ? "" : "s", coresAtStart,
                allowedAtStart, servers(), properties.isEmpty() ? "" : "; " + properties));
        if (instanceCpuList != null) {
            b.append(String.format(Locale.ROOT, "  layout: each instance as its own process (glimpse app run), pinned to CPUs %s, with the"
                            + " bare model; the bench's JVM (its JIT, collector, cameras, result reader) %s%n",
                    instanceCpuList, serversCpus == null ? "on CPUs " + allowedAtStart : "and the servers on CPUs " + serversCpus));
            b.append(String.format(Locale.ROOT, "  one instance per setting, started once and warmed by its %d warm-up round%s; each round"
                            + " a backlog produced while it is frozen, timed from its resume; its paced loads after its rounds%n",
                    warmupRounds, warmupRounds == 1 ? "" : "s"));
        }
        b.append('\n');
        ThroughputResult first = throughput.get(0);
        b.append(String.format(Locale.ROOT, "Throughput (%d rounds alternating, median; %d-frame backlog per pipeline round)%n",
                first.rawRates().size(), frames));
        String row = "  %-36s %10s   %s%n";
        String rate = "  %-36s %10.1f   %s%n";
        b.append(String.format(Locale.ROOT, row, "", "median", "rounds"));
        b.append(String.format(Locale.ROOT, rate, "bare model (" + workers + " worker" + (workers == 1 ? "" : "s") + "), images/s",
                first.rawMedian(), list(first.rawRates())));
        for (ThroughputResult t : throughput) {
            if (!t.variant().isEmpty()) {
                b.append(String.format(Locale.ROOT, "  %s%n", t.variant()));
            }
            b.append(String.format(Locale.ROOT, rate, "pipeline, frames/s (committed)", t.pipelineMedian(), list(t.pipelineRates())));
            b.append(String.format(Locale.ROOT, "  %-36s %9.1f%%   (target >= 85%%)%n", "pipeline / bare model", 100 * t.ratio()));
            b.append(String.format(Locale.ROOT, row, "pipeline mean batch size", "", list(t.meanBatchSizes())));
            b.append(String.format(Locale.ROOT, row, "pipeline workers busy, % of time", "", list(t.workersBusy(), 100, "%.0f")));
            b.append(String.format(Locale.ROOT, row, instanceCpuList == null ? "instance start (not counted), s"
                    : "instance start, once (not counted), s", "", list(t.startupSeconds())));
        }
        b.append(String.format(Locale.ROOT, "%nCPU per frame, ms (process CPU time by kind of thread; median of the rounds)%s%n",
                instanceCpuList == null ? "" : "; pipeline: the instance's process, from its /proc entry; bare model: the bench's"));
        if (throughput.size() > 1) {
            for (int v = 0; v < throughput.size(); v++) {
                b.append(String.format(Locale.ROOT, "  pipeline %d: %s%n", v + 1, throughput.get(v).variant()));
            }
        }
        b.append(String.format(Locale.ROOT, "  %-34s %10s", "", "bare model"));
        for (int v = 0; v < throughput.size(); v++) {
            b.append(String.format(Locale.ROOT, " %10s", throughput.size() == 1 ? "pipeline" : "pipeline " + (v + 1)));
        }
        b.append('\n');
        for (String kind : first.pipelineCpu().isEmpty() ? List.<String>of() : first.pipelineCpu().get(0).keySet()) {
            b.append(String.format(Locale.ROOT, "  %-34s %10.3f", kind, ThroughputResult.medianCpu(first.rawCpu(), kind)));
            throughput.forEach(t -> b.append(String.format(Locale.ROOT, " %10.3f", ThroughputResult.medianCpu(t.pipelineCpu(), kind))));
            b.append('\n');
        }
        b.append(String.format(Locale.ROOT, "  %-34s %10s", "outside inference, bench clients out", ""));
        List<String> perRound = new ArrayList<>();
        for (ThroughputResult t : throughput) {
            List<Double> outside = new ArrayList<>();
            t.pipelineCpu().forEach(r -> outside.add(ThroughputResult.outsideInference(r)));
            b.append(String.format(Locale.ROOT, " %10.3f", ThroughputResult.median(outside)));
            perRound.add(list(outside));
        }
        b.append(String.format(Locale.ROOT, "   rounds: %s%n%n", String.join(" | ", perRound)));
        b.append(String.format(Locale.ROOT, "Latency under paced load, frames captured after %d s of warm-up"
                + " (capture time -> result time; -> committed and read)%n", latencyWarmUp.toSeconds()));
        b.append(String.format(Locale.ROOT, "  %6s %9s %9s %8s %8s %8s %9s %9s %5s %12s  %s%n",
                "load", "offered/s", "achieved", "frames", "p50 ms", "p99 ms", "commit p50", "commit p99", "DLQ", "warm-up p99",
                vary == null ? "" : "setting"));
        for (LatencyResult l : latencies) {
            b.append(String.format(Locale.ROOT, "  %5.0f%% %9.1f %9.1f %8d %8d %8d %9d %9d %5d %12d  %s%n",
                    100 * l.load(), l.offeredRate(), l.achievedRate(), l.results(), l.p50Millis(), l.p99Millis(),
                    l.visibleP50Millis(), l.visibleP99Millis(), l.deadLetters(), l.warmUpP99Millis(), l.variant()));
        }
        b.append(String.format(Locale.ROOT, "%nThe tail: frames at or above the p99, mean ms of each part%n"));
        b.append(String.format(Locale.ROOT, "  %6s %7s %8s %8s %10s %9s %9s %15s %8s %8s   %s%n",
                "load", "frames", "p99", "queued", "inference", "outside", "commit", "250-ms windows", "in a GC",
                "in a JIT", "while measured (count, max, total ms): GC pauses; JIT compilations >= 10 ms"
                        + (vary == null ? "" : "; setting")));
        for (LatencyResult l : latencies) {
            LatencyRecorder.Tail tail = l.tail();
            b.append(String.format(Locale.ROOT, "  %5.0f%% %7d %8d %8.1f %10.1f %9.1f %9.1f %15d %8d %8d   %d, %d, %d; %d, %d, %d %s%n",
                    100 * l.load(), tail.frames(), tail.p99Millis(), tail.queuedMillis(), tail.inferenceMillis(), tail.outsideMillis(),
                    tail.commitMillis(), tail.windows(), tail.gcPaused(), tail.jitCompiling(), l.gcPauses().size(),
                    LatencyResult.maxMillis(l.gcPauses()), LatencyResult.totalMillis(l.gcPauses()), l.jitCompilations().size(),
                    LatencyResult.maxMillis(l.jitCompilations()), LatencyResult.totalMillis(l.jitCompilations()), l.variant()));
        }
        b.append("  (queued: in the batcher; inference: its batch; outside: Kafka, the stream thread and forwarding;"
                + " commit: result -> committed and read; in a GC / in a JIT: frames whose trip overlaps a collector pause /"
                + " a compilation of 10 ms or more" + (instanceCpuList == null ? "" : ", in the instance's process, from its flight recording")
                + ")\n");
        return b.toString();
    }

    private String servers() {
        if (clusterConfig != null) {
            return "the cluster of " + clusterConfig;
        }
        if (instanceCpuList != null) {
            // The layout line that follows says where the bench runs.
            return serversCpus == null ? "KRaft broker in the bench's process, Apicurio registry"
                    : "KRaft broker and Apicurio registry as processes on CPUs " + serversCpus;
        }
        return serversCpus == null
                ? "KRaft broker in this process, Apicurio registry"
                : "KRaft broker and Apicurio registry as processes on CPUs " + serversCpus
                        + ", with the bench's cameras and result reader (the servers' CPU is not this process's)";
    }

    private static String list(List<Double> values) {
        return list(values, 1, "%.1f");
    }

    private static String list(List<Double> values, double scale, String format) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, scale * v));
        }
        return b.toString();
    }
}
