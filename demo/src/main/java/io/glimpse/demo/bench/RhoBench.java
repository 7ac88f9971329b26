package io.glimpse.demo.bench;

import io.glimpse.cli.DurationConverter;
import io.glimpse.clips.FashionMnist;
import io.glimpse.clips.Split;
import io.glimpse.demo.Directories;
import io.glimpse.demo.ModelFiles;
import io.glimpse.demo.ModelOptions;
import io.glimpse.deploy.LocalServers;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.streams.GlimpseConfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

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
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code glimpse demo rho-bench}: the evidence for the adaptive ρ controller (issue #19). It
 * measures the pipeline's capacity at ρ = 1.0 and at the floor, then replays test-split clips at a
 * load that follows a profile in multiples of that capacity, three times on fresh instances
 * (adaptive, fixed at the ceiling, fixed at the floor), and reports per phase what each policy buys:
 * rate, latency against the SLO, accuracy, lag, and that no frame was lost or answered twice.
 */
@Command(
        name = "rho-bench",
        mixinStandardHelpOptions = true,
        description = {
            "Adaptive vs. fixed keep ratio under a changing load: capacity at rho 1.0 and at the floor, then the load profile"
                    + " once per policy on a fresh instance; per phase rate, latency vs. the SLO, rho used, accuracy, lag and"
                    + " exactly-once; a table, a JSON report and a PNG under --out."
        })
public final class RhoBench implements Callable<Integer> {

    /** The runs {@code --runs} can name. */
    enum Run {
        adaptive, ceiling, floor
    }

    @Option(names = "--load-profile", converter = LoadProfileConverter.class, paramLabel = "PROFILE",
            description = "Offered load over time in multiples of the dense capacity (rho 1.0): segments RATE:DURATION or"
                    + " FROM->TO:DURATION, comma-separated, e.g. 0.5x:30s,1.25x:60s,0.5x->1.5x:60s. Default: 0.5x:30s, then"
                    + " halfway between 1x and the floor's capacity for 50 s, then 1.25 x the floor's capacity for 30 s,"
                    + " then 0.5x:30s.")
    LoadProfile loadProfile;

    @Option(names = "--runs", split = ",", defaultValue = "adaptive,ceiling,floor", paramLabel = "RUN",
            description = "Runs, in order: adaptive, ceiling (fixed at --rho-max), floor (fixed at --rho-min)"
                    + " (default ${DEFAULT-VALUE}).")
    List<Run> runs;

    @Option(names = "--slo-ms", defaultValue = "250", description = "Latency objective of every run, ms (default ${DEFAULT-VALUE}).")
    long sloMillis;

    @Option(names = "--slo-percentile", defaultValue = "99",
            description = "Percentile the objective is for (default ${DEFAULT-VALUE}).")
    double sloPercentile;

    @Option(names = "--rho-min", defaultValue = "0.5", description = "Floor of the rho range (default ${DEFAULT-VALUE}).")
    double floor;

    @Option(names = "--rho-max", defaultValue = "1.0", description = "Ceiling of the rho range (default ${DEFAULT-VALUE}).")
    double ceiling;

    @Option(names = "--capacity-seconds", defaultValue = "15",
            description = "Length of each capacity measurement, s (default ${DEFAULT-VALUE}).")
    double capacitySeconds;

    @Option(names = "--drain-timeout", defaultValue = "120s", converter = DurationConverter.class,
            description = "How long to wait for the last results after the profile (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--batch", defaultValue = "16", description = "Largest batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--workers", defaultValue = "0",
            description = "Inference workers; 0 is the app's default (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--cameras", defaultValue = "8", description = "Simulated cameras (default ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the frames topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--out", defaultValue = "target/rho-bench",
            description = "Directory of rho-bench.json and rho-bench.png (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "-D", paramLabel = "KEY=VALUE",
            description = "Set a key of each Glimpse instance (glimpse.* or Kafka Streams), e.g. -D num.stream.threads=2.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Mixin ModelOptions model;

    @Spec CommandSpec spec;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        validate();
        Path scratch = Files.createTempDirectory("glimpse-rho-bench");
        try {
            ModelFiles files = model.resolve(scratch, System.err);
            DynamicVitConfig config = DynamicVitConfig.read(files.config());
            int effectiveWorkers = workers(files);
            System.err.println("Starting the broker and the schema registry ...");
            try (LocalServers servers = LocalServers.builder().start()) {
                BenchSetup setup = new BenchSetup(servers.bootstrapServers(), servers.registryUrl(), files,
                        config.getImageHeight(), batch, workers, cameras, partitions, FashionMnist.load(Split.TEST), properties,
                        Long.toHexString(System.currentTimeMillis()));
                RhoBenchReport report = run(setup, files, effectiveWorkers);
                System.out.print(RhoBenchTable.format(report));
                write(report);
                return report.exactlyOnce() ? 0 : 1;
            }
        } finally {
            Directories.deleteTree(scratch);
        }
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        if (!(floor > 0 && floor <= ceiling && ceiling <= 1)) {
            problems.add("--rho-min and --rho-max must satisfy 0 < min <= max <= 1, got " + floor + " and " + ceiling);
        }
        if (sloMillis < 1) {
            problems.add("--slo-ms must be at least 1, got " + sloMillis);
        }
        if (!(sloPercentile >= 50 && sloPercentile < 100)) {
            problems.add("--slo-percentile must be in [50, 100), got " + sloPercentile);
        }
        if (!(capacitySeconds >= 1 && capacitySeconds <= 600)) {
            problems.add("--capacity-seconds must be in [1, 600], got " + capacitySeconds);
        }
        if (runs.isEmpty() || batch < 1 || workers < 0 || cameras < 1 || partitions < 1) {
            problems.add("--runs needs a run; --batch, --cameras and --partitions must be at least 1, --workers at least 0");
        }
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", problems));
        }
    }

    private int workers(ModelFiles files) {
        Map<String, Object> app = new LinkedHashMap<>(properties);
        app.put(GlimpseConfig.MODEL_CONFIG_CONFIG, files.config().toString());
        app.put(GlimpseConfig.MODEL_WEIGHTS_CONFIG, files.weights().toString());
        app.put(GlimpseConfig.WORKERS_CONFIG, workers);
        return new GlimpseConfig(app).workers();
    }

    private RhoBenchReport run(BenchSetup setup, ModelFiles files, int effectiveWorkers) throws Exception {
        Duration window = Duration.ofMillis(Math.round(capacitySeconds * 1000));
        CapacityProbe probe = new CapacityProbe(setup, RhoBench::progress);
        probe.prepare();
        CapacityResult dense = probe.measure(1.0, window);
        CapacityResult atFloor = floor == 1.0 ? dense : probe.measure(floor, window);
        boolean defaultProfile = loadProfile == null;
        LoadProfile profile = defaultProfile
                ? LoadProfile.standard(atFloor.framesPerSecond() / dense.framesPerSecond())
                : loadProfile;
        progress(String.format(Locale.ROOT, "load profile %s at 1x = %.1f frames/s: %.0f s per run", profile,
                dense.framesPerSecond(), profile.totalSeconds()));
        PolicyRun runner = new PolicyRun(setup, profile, dense.framesPerSecond(), sloMillis, drainTimeout, RhoBench::progress);
        List<RunReport> reports = new ArrayList<>();
        for (Run r : runs) {
            RunPlan plan = switch (r) {
                case adaptive -> RunPlan.adaptive(floor, ceiling, sloMillis, sloPercentile);
                case ceiling -> RunPlan.fixed(ceiling, floor, ceiling, sloMillis, sloPercentile);
                case floor -> RunPlan.fixed(floor, floor, ceiling, sloMillis, sloPercentile);
            };
            reports.add(runOrSkip(setup, runner, plan));
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("batch", batch);
        settings.put("workers", effectiveWorkers);
        settings.put("cameras", cameras);
        settings.put("partitions", partitions);
        if (!properties.isEmpty()) {
            settings.put("properties", properties);
        }
        return new RhoBenchReport("./glimpse demo " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                files.version(), files.trained(), Runtime.getRuntime().availableProcessors(), settings, dense, atFloor,
                profile.toString(), defaultProfile, sloMillis, sloPercentile, floor, ceiling, reports);
    }

    /**
     * Runs a plan if the instance accepts its settings. A build without the controller refuses the
     * adaptive run (reported as skipped); a fixed run then falls back to the one key such a build knows.
     */
    private static RunReport runOrSkip(BenchSetup setup, PolicyRun runner, RunPlan plan) throws Exception {
        Optional<String> refused = setup.refusal(plan.properties());
        if (refused.isEmpty()) {
            return runner.run(plan, null);
        }
        if (plan.isAdaptive()) {
            progress(plan.name() + ": skipped, the instance refuses its settings: " + refused.get());
            return RunReport.skipped(plan, "the instance refuses the adaptive settings: " + refused.get());
        }
        RunPlan fallback = plan.withoutPolicyKeys();
        Optional<String> still = setup.refusal(fallback.properties());
        if (still.isPresent()) {
            progress(plan.name() + ": skipped, the instance refuses its settings: " + still.get());
            return RunReport.skipped(plan, still.get());
        }
        progress(plan.name() + ": the instance refuses the controller's settings (" + refused.get() + "); running with "
                + fallback.properties() + " alone");
        return runner.run(fallback, "the controller's settings were refused (" + refused.get() + "): ran with "
                + fallback.properties() + " alone");
    }

    private void write(RhoBenchReport report) throws Exception {
        Files.createDirectories(out);
        Path json = out.resolve("rho-bench.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        List<RhoBenchPlot.Series> series = new ArrayList<>();
        for (RunReport run : report.runs()) {
            if (run.skipped() == null) {
                series.add(RhoBenchPlot.Series.of(run.name(), run.timeline()));
            }
        }
        LoadProfile profile = LoadProfile.parse(report.loadProfile());
        double[] boundaries = new double[profile.segments().size() + 1];
        for (int i = 0; i < profile.segments().size(); i++) {
            boundaries[i] = profile.startOf(i);
        }
        boundaries[boundaries.length - 1] = profile.totalSeconds();
        Path png = out.resolve("rho-bench.png");
        new RhoBenchPlot(1400, 1100, sloMillis, boundaries, String.format(Locale.ROOT,
                "Glimpse rho-bench: %s at 1x = %.0f frames/s, SLO p%s %d ms", report.loadProfile(),
                report.denseCapacity().framesPerSecond(), percentileLabel(sloPercentile), sloMillis)).write(png, series);
        System.out.println("  report: " + json + "\n  plot:   " + png);
    }

    private static String percentileLabel(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    private static void progress(String line) {
        System.err.println("  " + line);
    }
}
