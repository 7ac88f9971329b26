package io.glimpse.demo.bench;

import io.glimpse.demo.DemoStats;
import io.glimpse.demo.DemoTopics;
import io.glimpse.demo.FrameProducer;
import io.glimpse.demo.GroundTruth;
import io.glimpse.demo.LocalGlimpse;
import io.glimpse.demo.ModelFiles;
import io.glimpse.demo.ResultReader;
import io.glimpse.demo.SimulatedCameras;
import io.glimpse.streams.GlimpseConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Measures Glimpse on running servers. Throughput: a backlog of frames is produced once; each round
 * a fresh instance (new application id, new output topics) classifies all of it, timed from the
 * moment it runs until the last result is committed and read; bare-model rounds at the same ρ and
 * batch alternate with them. Latency: a fresh instance under a paced load.
 */
final class PipelineBench implements AutoCloseable {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    private final Settings settings;
    private final Consumer<String> progress;
    private final String clientCpus;
    private final InstanceLauncher launcher;
    /** The prefix of every topic a bench creates; a secured cluster grants the bench's user this prefix. */
    static final String TOPIC_PREFIX = "bench-";
    /** The prefix of its instances' application ids: their groups, transactional ids and internal topics. */
    static final String APPLICATION_ID_PREFIX = "glimpse-bench-";

    private final String runId = Long.toHexString(System.currentTimeMillis());
    private int instances;

    /**
     * The fixed parameters of a benchmark.
     *
     * @param bootstrapServers the broker
     * @param registryUrl the registry
     * @param model the model files
     * @param imageSize the model's input side
     * @param keepRatio ρ
     * @param batchSize the largest batch (full under a backlog)
     * @param workers inference workers
     * @param cameras stream ids the frames are spread over
     * @param partitions partitions of the frames topic
     * @param maxInFlight frames each task may have in flight
     * @param properties further settings of each instance (Glimpse or Kafka Streams keys)
     * @param clientProperties security and registry-credential settings of every client the bench makes
     *     (admin, producers, readers, instances); empty for the embedded servers
     */
    record Settings(String bootstrapServers, String registryUrl, ModelFiles model, int imageSize, double keepRatio,
            int batchSize, int workers, int cameras, int partitions, int maxInFlight, Map<String, String> properties,
            Map<String, Object> clientProperties) {

        Settings {
            properties = Map.copyOf(properties);
            clientProperties = Map.copyOf(clientProperties);
        }

        /** What an admin client or a producer needs to reach the broker and the registry. */
        Map<String, Object> connection() {
            Map<String, Object> connection = new java.util.HashMap<>(clientProperties);
            connection.put("bootstrap.servers", bootstrapServers);
            connection.put("schema.registry.url", registryUrl);
            return connection;
        }
    }

    PipelineBench(Settings settings, Consumer<String> progress) throws Exception {
        this(settings, null, progress);
    }

    /**
     * Creates a bench whose instances start where a launcher puts them.
     *
     * @param settings the parameters
     * @param clientCpus where the bench's frame producer and result reader run, or null for anywhere
     * @param launcher where the instances run (the bare model runs on their CPUs); closed with the bench
     * @param progress where progress lines go
     */
    PipelineBench(Settings settings, String clientCpus, InstanceLauncher launcher, Consumer<String> progress) {
        this.settings = settings;
        this.clientCpus = clientCpus;
        this.launcher = launcher;
        this.progress = progress;
    }

    /**
     * Creates a bench whose own clients run apart from the instance measured.
     *
     * @param settings the parameters
     * @param clientCpus where the bench's frame producer and result reader run (with the servers, as a
     *     camera and a downstream service would run elsewhere), or null for anywhere
     * @param progress where progress lines go
     * @throws Exception if the flight recorder cannot be started there
     */
    PipelineBench(Settings settings, String clientCpus, Consumer<String> progress) throws Exception {
        // Recorded from the start: turning the flight recorder on makes the JIT compile for seconds,
        // which must fall in the warm-up, not in a measured load; and with the clients, so that the
        // recorder's threads do not take the measured core.
        this(settings, clientCpus, new InJvmLauncher(on(clientCpus, JitCompilations::new)), progress);
    }

    /** Releases the launcher (in the bench's JVM: stops recording the JIT's compilations). */
    @Override
    public void close() {
        launcher.close();
    }

    private <T> T client(Callable<T> start) throws Exception {
        return on(clientCpus, start);
    }

    private static <T> T on(String cpus, Callable<T> start) throws Exception {
        return cpus == null ? start.call() : CpuPinning.onCpus(cpus, start);
    }

    /**
     * Runs the throughput rounds: each round the bare model, then the pipeline once per variant.
     *
     * @param frames the backlog size
     * @param warmUpRounds pipeline rounds run first, not counted (they cycle through the variants)
     * @param rounds rounds of each kind
     * @param rawSeconds the least duration of a bare-model round
     * @param variants settings of the instance compared in one run, each over the common ones; one empty map for none
     * @return the rates, one result per variant, each with the same bare-model rounds
     * @throws Exception if a part fails
     */
    List<ThroughputResult> throughput(int frames, int warmUpRounds, int rounds, double rawSeconds,
            List<Map<String, String>> variants) throws Exception {
        DemoTopics input = topics("backlog");
        input.create(settings.connection(), settings.partitions());
        progress.accept("producing a backlog of " + frames + " frames ...");
        try (FrameProducer producer = producer(input, 1)) {
            producer.produce(frames);
            if (producer.acknowledged() != frames) {
                throw new IllegalStateException("Only " + producer.acknowledged() + " of " + frames + " frames were taken");
            }
        }
        List<Double> raw = new ArrayList<>();
        List<Map<String, Double>> rawCpu = new ArrayList<>();
        List<List<Drain>> drains = new ArrayList<>();
        variants.forEach(v -> drains.add(new ArrayList<>()));
        // Started on the instances' CPUs: its workers keep the CPUs of the thread that starts them.
        try (RawModelThroughput model = on(launcher.cpus(), () -> new RawModelThroughput(settings.model().config(),
                settings.model().weights(), settings.batchSize(), settings.keepRatio(), settings.workers()))) {
            // Warm-up of both: the JIT compiles the pipeline's code during its first rounds, on a core the
            // measurement would otherwise share with it.
            model.round(1);
            for (int w = 0; w < warmUpRounds; w++) {
                Map<String, String> variant = variants.get(w % variants.size());
                Drain warmUp = drain(input, frames, variant);
                progress.accept(String.format(Locale.ROOT, "warm-up %d%s: pipeline %.1f frames/s, CPU per frame %s (not counted)",
                        w + 1, label(variant), warmUp.rate(), warmUp.cpuPerFrame()));
            }
            for (int r = 1; r <= rounds; r++) {
                CpuAccount before = CpuAccount.now();
                long[] images = new long[1];
                raw.add(model.round(rawSeconds, images));
                rawCpu.add(perFrame(CpuAccount.now().since(before), images[0]));
                progress.accept(String.format(Locale.ROOT, "round %d: bare model %.1f images/s", r, raw.get(raw.size() - 1)));
                for (int v = 0; v < variants.size(); v++) {
                    Drain drain = drain(input, frames, variants.get(v));
                    drains.get(v).add(drain);
                    progress.accept(String.format(Locale.ROOT,
                            "round %d%s: pipeline %.1f frames/s (instance ready in %.1f s, mean batch %.1f, workers busy %.0f%%),"
                                    + " CPU per frame %s",
                            r, label(variants.get(v)), drain.rate(), drain.startupSeconds(), drain.meanBatch(),
                            100 * drain.workersBusy(), drain.cpuPerFrame()));
                }
            }
        }
        List<ThroughputResult> results = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            List<Drain> d = drains.get(v);
            results.add(new ThroughputResult(label(variants.get(v)).strip(), raw, d.stream().map(Drain::rate).toList(),
                    d.stream().map(Drain::startupSeconds).toList(), d.stream().map(Drain::meanBatch).toList(),
                    d.stream().map(Drain::workersBusy).toList(), rawCpu, d.stream().map(Drain::cpuPerFrame).toList()));
        }
        return results;
    }

    /** How a variant is named in progress lines and reports: " (key=value, ...)", or nothing. */
    static String label(Map<String, String> variant) {
        if (variant.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        variant.forEach((k, v) -> b.append(b.length() == 0 ? " (" : ", ").append(k).append('=').append(v));
        return b.append(')').toString();
    }

    private static Map<String, Double> perFrame(Map<String, Double> millis, long frames) {
        Map<String, Double> out = new LinkedHashMap<>();
        millis.forEach((kind, ms) -> out.put(kind, Math.round(1000 * ms / frames) / 1000.0));
        return out;
    }

    /** One pipeline round: frames/s, seconds until the instance ran, mean batch, workers' busy share, CPU ms per frame by kind. */
    private record Drain(double rate, double startupSeconds, double meanBatch, double workersBusy,
            Map<String, Double> cpuPerFrame) {}

    /** One pipeline round over the backlog. */
    private Drain drain(DemoTopics backlog, int frames, Map<String, String> variant) throws Exception {
        DemoTopics out = topics("out");
        DemoTopics round = new DemoTopics(backlog.frames(), out.results(), out.deadLetters());
        round.create(settings.connection(), settings.partitions());
        DemoStats stats = new DemoStats(new GroundTruth(), System.currentTimeMillis());
        try (ResultReader reader = client(() -> ResultReader.start(settings.connection(),
                round.results(), round.deadLetters(), stats))) {
            long begin = System.nanoTime();
            try (MeasuredInstance glimpse = instance(round, variant)) {
                long running = System.nanoTime();
                CpuAccount before = glimpse.cpu();
                double busyBefore = glimpse.inferenceMillis();
                if (!reader.awaitResults(frames, DRAIN_TIMEOUT)) {
                    throw new IllegalStateException("Only " + stats.results() + " of " + frames + " results arrived");
                }
                long done = System.nanoTime();
                Map<String, Double> cpu = perFrame(glimpse.cpu().since(before), frames);
                double busy = (glimpse.inferenceMillis() - busyBefore) / ((done - running) / 1e6) / settings.workers();
                return new Drain(frames / ((done - running) / 1e9), (running - begin) / 1e9, glimpse.meanBatch(), busy, cpu);
            }
        }
    }

    /**
     * Offers a paced load to a fresh instance and measures latency once it has warmed up.
     *
     * @param load the fraction of capacity
     * @param capacity frames per second the pipeline sustains
     * @param warmUp how long to offer the load before measuring (the instance's first seconds: the JIT,
     *     the first fetches and commits)
     * @param period how long to offer the load while measuring
     * @param variant settings of the instance over the common ones
     * @return the latencies
     * @throws Exception if a part fails
     */
    LatencyResult latency(double load, double capacity, Duration warmUp, Duration period, Map<String, String> variant)
            throws Exception {
        double rate = load * capacity;
        DemoTopics run = topics("paced");
        run.create(settings.connection(), settings.partitions());
        try (MeasuredInstance glimpse = instance(run, variant)) {
            progress.accept(String.format(Locale.ROOT, "latency%s at %.0f%% of capacity: %.1f frames/s for %d s after %d s of warm-up ...",
                    label(variant), 100 * load, rate, period.toSeconds(), warmUp.toSeconds()));
            long start = System.currentTimeMillis();
            LatencyRecorder recorder = new LatencyRecorder(start + warmUp.toMillis());
            try (ResultReader reader = client(() -> ResultReader.start(settings.connection(), run.results(),
                            run.deadLetters(), recorder));
                    FrameProducer producer = client(() -> started(producer(run, rate / settings.cameras(), new GroundTruth())))) {
                Thread.sleep(warmUp.toMillis());
                long measuring = System.nanoTime();
                long measuringMillis = System.currentTimeMillis();
                Thread.sleep(period.toMillis());
                producer.stop();
                double seconds = (System.nanoTime() - measuring) / 1e9;
                if (!reader.awaitResults(producer.acknowledged(), DRAIN_TIMEOUT)) {
                    progress.accept("warning: only " + recorder.results() + " of " + producer.acknowledged() + " results arrived");
                }
                Stalls stalls = glimpse.stalls(measuringMillis);
                return new LatencyResult(label(variant).strip(), load, rate, producer.sent(), recorder.results(), recorder.measured() / seconds,
                        recorder.endToEndPercentile(50), recorder.endToEndPercentile(99), recorder.visiblePercentile(50),
                        recorder.visiblePercentile(99), recorder.deadLetters(), recorder.warmUpP99(),
                        recorder.tail(stalls.gcPauses(), stalls.compilations()), stalls.gcPauses(), stalls.compilations());
            }
        }
    }

    private MeasuredInstance instance(DemoTopics topics, Map<String, String> variant) throws Exception {
        LocalGlimpse.Builder builder = LocalGlimpse.builder();
        settings.clientProperties().forEach(builder::optProperty);
        settings.properties().forEach(builder::optProperty);
        variant.forEach(builder::optProperty);
        return launcher.start(builder
                .setBootstrapServers(settings.bootstrapServers())
                .setRegistryUrl(settings.registryUrl())
                .setModel(settings.model())
                .optTopics(topics)
                .optKeepRatio(settings.keepRatio())
                .optBatchSize(settings.batchSize())
                .optWorkers(settings.workers())
                .optProperty(GlimpseConfig.MAX_IN_FLIGHT_CONFIG, settings.maxInFlight())
                .optApplicationId(APPLICATION_ID_PREFIX + runId + "-" + ++instances));
    }

    private static FrameProducer started(FrameProducer producer) {
        producer.start();
        return producer;
    }

    private FrameProducer producer(DemoTopics topics, double fpsPerCamera) {
        return producer(topics, fpsPerCamera, new GroundTruth());
    }

    private FrameProducer producer(DemoTopics topics, double fpsPerCamera, GroundTruth truth) {
        FrameProducer.Builder builder = FrameProducer.builder();
        settings.clientProperties().forEach(builder::optProperty);
        return builder
                .setBootstrapServers(settings.bootstrapServers())
                .setRegistryUrl(settings.registryUrl())
                .setTopic(topics.frames())
                .setCameras(SimulatedCameras.builder().optCameras(settings.cameras()).optImageSize(settings.imageSize()).build())
                .optFramesPerSecond(fpsPerCamera)
                .optGroundTruth(truth)
                .build();
    }

    private DemoTopics topics(String what) {
        return DemoTopics.withPrefix(TOPIC_PREFIX + runId + "-" + what + "-" + System.nanoTime());
    }
}
