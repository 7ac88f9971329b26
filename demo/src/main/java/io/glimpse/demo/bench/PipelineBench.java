package io.glimpse.demo.bench;

import io.glimpse.demo.DemoStats;
import io.glimpse.demo.DemoTopics;
import io.glimpse.demo.FrameProducer;
import io.glimpse.demo.GroundTruth;
import io.glimpse.demo.LocalGlimpse;
import io.glimpse.demo.ModelFiles;
import io.glimpse.demo.ResultReader;
import io.glimpse.demo.ResultSink;
import io.glimpse.demo.SimulatedCameras;
import io.glimpse.demo.StatsSnapshot;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.streams.GlimpseConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Measures Glimpse on running servers. Throughput: bare-model rounds at the same ρ and batch alternate
 * with pipeline rounds, each a backlog drained by an instance, timed from the moment it runs until
 * the last result is committed and read. Latency: an instance under a paced load.
 *
 * <p>Instances in the bench's JVM: the backlog is produced once and each round a fresh instance (new
 * application id, new output topics) classifies all of it; each paced load gets a fresh instance too.
 * The warm-up rounds warm the JVM they all share.
 *
 * <p>Instances in JVMs of their own: one instance per setting compared, started at its first round
 * and kept to the end, on topics of its own, so that its warm-up rounds warm the JVM that is measured,
 * as a long-lived production instance is warm. Each round freezes it, produces the round's backlog,
 * and times the drain from its resume: the stream fell behind and catches up. Its paced loads follow
 * its rounds, on the same instance.
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
    /** Instances in JVMs of their own: one per setting, started at its first round and kept to the end. */
    private final Map<Map<String, String>, Live> live = new LinkedHashMap<>();

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

    /**
     * Stops every instance the bench kept, gracefully, and waits for each; then releases the launcher
     * (in the bench's JVM: stops recording the JIT's compilations).
     *
     * @throws Exception if an instance did not stop cleanly (the others are stopped all the same)
     */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (Live l : live.values()) {
            try {
                l.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        live.clear();
        launcher.close();
        if (failure != null) {
            throw failure;
        }
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
     * @param warmUpRounds pipeline rounds run first, not counted: in the bench's JVM they cycle through
     *     the variants (they warm the one JVM); with instances of their own, each variant's instance gets
     *     this many
     * @param rounds rounds of each kind
     * @param rawSeconds the least duration of a bare-model round
     * @param variants settings of the instance compared in one run, each over the common ones; one empty map for none
     * @return the rates, one result per variant, each with the same bare-model rounds
     * @throws Exception if a part fails
     */
    List<ThroughputResult> throughput(int frames, int warmUpRounds, int rounds, double rawSeconds,
            List<Map<String, String>> variants) throws Exception {
        boolean fresh = launcher.sharesOneJvm();
        DemoTopics input = fresh ? backlog(frames) : null;
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
            int warmUps = fresh ? warmUpRounds : warmUpRounds * variants.size();
            for (int w = 0; w < warmUps; w++) {
                Map<String, String> variant = variants.get(w % variants.size());
                Drain warmUp = fresh ? drain(input, frames, variant) : drain(live(variant), frames);
                progress.accept(String.format(Locale.ROOT, "warm-up %d%s: pipeline %.1f frames/s, CPU per frame %s (not counted)",
                        w + 1, label(variant), warmUp.rate(), warmUp.cpuPerFrame()));
            }
            for (int r = 1; r <= rounds; r++) {
                CpuAccount before = CpuAccount.now();
                long[] images = new long[1];
                raw.add(frozenWhile(() -> model.round(rawSeconds, images)));
                rawCpu.add(perFrame(CpuAccount.now().since(before), images[0]));
                progress.accept(String.format(Locale.ROOT, "round %d: bare model %.1f images/s%s", r, raw.get(raw.size() - 1),
                        live.isEmpty() ? "" : " (instances frozen meanwhile)"));
                for (int v = 0; v < variants.size(); v++) {
                    Drain drain = fresh ? drain(input, frames, variants.get(v)) : drain(live(variants.get(v)), frames);
                    drains.get(v).add(drain);
                    progress.accept(String.format(Locale.ROOT,
                            "round %d%s: pipeline %.1f frames/s (%s, mean batch %.1f, workers busy %.0f%%), CPU per frame %s",
                            r, label(variants.get(v)), drain.rate(), fresh
                                    ? String.format(Locale.ROOT, "instance ready in %.1f s", drain.startupSeconds())
                                    : String.format(Locale.ROOT, "backlog produced in %.1f s while frozen", drain.frozenSeconds()),
                            drain.meanBatch(), 100 * drain.workersBusy(), drain.cpuPerFrame()));
                }
            }
        }
        List<ThroughputResult> results = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            List<Drain> d = drains.get(v);
            List<Double> startup = fresh ? d.stream().map(Drain::startupSeconds).toList() : List.of(live(variants.get(v)).startupSeconds);
            results.add(new ThroughputResult(label(variants.get(v)).strip(), raw, d.stream().map(Drain::rate).toList(),
                    startup, d.stream().map(Drain::meanBatch).toList(),
                    d.stream().map(Drain::workersBusy).toList(), rawCpu, d.stream().map(Drain::cpuPerFrame).toList()));
        }
        return results;
    }

    /** The backlog every fresh instance drains, produced once. */
    private DemoTopics backlog(int frames) throws Exception {
        DemoTopics input = topics("backlog");
        input.create(settings.connection(), settings.partitions());
        progress.accept("producing a backlog of " + frames + " frames ...");
        try (FrameProducer producer = producer(input, 1, cameras(), new GroundTruth())) {
            producer.produce(frames);
            if (producer.acknowledged() != frames) {
                throw new IllegalStateException("Only " + producer.acknowledged() + " of " + frames + " frames were taken");
            }
        }
        return input;
    }

    /**
     * Runs a bare-model round with the kept instances frozen. They are idle between rounds, yet an idle
     * instance's poll loop, punctuator and late compilations took 7-10 % of the shared core (measured:
     * 210-320 ms of CPU in 3-s rounds), which would lower the bare figure the pipeline is compared to.
     * Safe for the reasons a drain's freeze is, within the same limit.
     */
    private double frozenWhile(Callable<Double> round) throws Exception {
        long freezing = System.nanoTime();
        for (Live l : live.values()) {
            l.instance.freeze();
        }
        double rate;
        try {
            rate = round.call();
        } finally {
            for (Live l : live.values()) {
                l.instance.resume();
            }
        }
        Duration frozen = Duration.ofNanos(System.nanoTime() - freezing);
        for (Live l : live.values()) {
            l.checkFrozenWithinLimit(frozen, "The bare-model round", "Lower --raw-seconds");
        }
        return rate;
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

    /**
     * One pipeline round: frames/s, seconds until a fresh instance ran (NaN for a kept one), mean batch,
     * workers' busy share, CPU ms per frame by kind, seconds a kept instance was frozen (NaN for a fresh one).
     */
    private record Drain(double rate, double startupSeconds, double meanBatch, double workersBusy,
            Map<String, Double> cpuPerFrame, double frozenSeconds) {}

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
                InstanceMeters metersBefore = glimpse.meters();
                if (!reader.awaitResults(frames, DRAIN_TIMEOUT)) {
                    throw new IllegalStateException("Only " + stats.results() + " of " + frames + " results arrived");
                }
                long done = System.nanoTime();
                Map<String, Double> cpu = perFrame(glimpse.cpu().since(before), frames);
                InstanceMeters meters = glimpse.meters();
                double busy = meters.inferenceMillisSince(metersBefore) / ((done - running) / 1e6) / settings.workers();
                return new Drain(frames / ((done - running) / 1e9), (running - begin) / 1e9, meters.meanBatch(), busy, cpu, Double.NaN);
            }
        }
    }

    /**
     * One pipeline round on a kept instance: a backlog produced onto its topic while it is frozen, timed
     * from its resume until the round's last result is committed and read.
     */
    private Drain drain(Live l, int frames) throws Exception {
        // Frozen only while idle: the previous round's last result was committed and read, and with that
        // transaction the input offsets and the pending-store deletions of its frames; an idle task writes
        // nothing (its punctuator flushes due batches and forwards finished frames, of which there are
        // none). So no transaction is open while it is frozen, and transaction.timeout.ms cannot expire.
        // What a freeze can outlast is the consumer's membership of its group: the heartbeat thread stops
        // too, and session.timeout.ms (or max.poll.interval.ms) later the group would expel it and the
        // round would measure a rebalance. Producing a backlog of thousands of frames takes seconds; the
        // round fails rather than measure that if the freeze came near the limit.
        InstanceMeters before = l.instance.meters();
        long freezing = System.nanoTime();
        l.instance.freeze();
        long expected = l.backlog.acknowledged() + frames;
        l.backlog.produce(frames);
        Duration frozen = Duration.ofNanos(System.nanoTime() - freezing);
        CpuAccount cpuBefore = l.instance.cpu();
        // Timed from before the signal: the window includes the few milliseconds of starting kill(1).
        long running = System.nanoTime();
        l.instance.resume();
        if (l.backlog.acknowledged() != expected) {
            throw new IllegalStateException("Only " + (frames - expected + l.backlog.acknowledged()) + " of " + frames
                    + " frames were taken");
        }
        l.checkFrozenWithinLimit(frozen, "Producing " + frames + " frames",
                "Produce fewer frames a round, or raise session.timeout.ms (-D)");
        l.results += frames;
        if (!l.reader.awaitResults(l.results, DRAIN_TIMEOUT)) {
            throw new IllegalStateException("Only " + (frames - l.results + l.stats.results()) + " of " + frames + " results arrived");
        }
        long done = System.nanoTime();
        Map<String, Double> cpu = perFrame(l.instance.cpu().since(cpuBefore), frames);
        InstanceMeters after = l.instance.meters();
        l.checkEachFrameAnsweredOnce();
        double busy = after.inferenceMillisSince(before) / ((done - running) / 1e6) / settings.workers();
        return new Drain(frames / ((done - running) / 1e9), Double.NaN, after.meanBatchSince(before), busy, cpu,
                frozen.toMillis() / 1e3);
    }

    /** The kept instance of a setting, started at its first use. */
    private Live live(Map<String, String> variant) throws Exception {
        Live kept = live.get(variant);
        if (kept != null) {
            return kept;
        }
        DemoTopics topics = topics("live");
        topics.create(settings.connection(), settings.partitions());
        LocalGlimpse.Builder instanceSettings = instanceSettings(topics, variant);
        Duration freezeLimit = freezeLimit(instanceSettings.config(Path.of("state")));
        long begin = System.nanoTime();
        MeasuredInstance instance = launcher.start(instanceSettings);
        double startupSeconds = (System.nanoTime() - begin) / 1e9;
        SwitchedSink sink = new SwitchedSink();
        SimulatedCameras cameras = cameras();
        ResultReader reader = null;
        try {
            reader = client(() -> ResultReader.start(settings.connection(), topics.results(), topics.deadLetters(), sink));
            FrameProducer backlog = client(() -> producer(topics, 1, cameras, new GroundTruth()));
            kept = new Live(instance, topics, cameras, backlog, reader, sink, startupSeconds, freezeLimit);
        } catch (Exception e) {
            try (MeasuredInstance stopped = instance; ResultReader closed = reader) {
                throw e;
            }
        }
        live.put(variant, kept);
        progress.accept(String.format(Locale.ROOT, "instance%s started in %.1f s, kept for all its rounds and loads; frozen at most"
                + " %.1f s a round", label(variant), startupSeconds, freezeLimit.toMillis() / 1e3));
        return kept;
    }

    /**
     * Returns how long an instance may stay frozen: half the shorter of its main consumer's session
     * timeout and poll interval, as its settings make them.
     *
     * @param config the instance's settings
     * @return the longest freeze the bench allows
     */
    static Duration freezeLimit(GlimpseConfig config) {
        StreamsConfig streams = new StreamsConfig(config.streamsProperties());
        Map<String, Object> consumer = new HashMap<>(
                streams.getMainConsumerConfigs(streams.getString(StreamsConfig.APPLICATION_ID_CONFIG), "freeze-limit", 0));
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        ConsumerConfig c = new ConsumerConfig(consumer);
        return Duration.ofMillis(Math.min(c.getInt(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                c.getInt(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)) / 2);
    }

    /**
     * Offers a paced load to an instance and measures latency once it has warmed up: in the bench's JVM a
     * fresh instance; with instances of their own, the setting's kept instance, warm from its rounds, on
     * its own topics (the load's results are its results from now on).
     *
     * @param load the fraction of capacity
     * @param capacity frames per second the pipeline sustains
     * @param warmUp how long to offer the load before measuring (a fresh instance's first seconds: the JIT,
     *     the first fetches and commits; a kept instance's change from idle to the load)
     * @param period how long to offer the load while measuring
     * @param variant settings of the instance over the common ones
     * @return the latencies
     * @throws IllegalStateException with instances of their own, if this setting's throughput rounds did not run
     * @throws Exception if a part fails
     */
    LatencyResult latency(double load, double capacity, Duration warmUp, Duration period, Map<String, String> variant)
            throws Exception {
        double rate = load * capacity;
        progress.accept(String.format(Locale.ROOT, "latency%s at %.0f%% of capacity: %.1f frames/s for %d s after %d s of warm-up ...",
                label(variant), 100 * load, rate, period.toSeconds(), warmUp.toSeconds()));
        if (!launcher.sharesOneJvm()) {
            Live l = live.get(variant);
            if (l == null) {
                throw new IllegalStateException("No instance" + label(variant) + " was kept: its throughput rounds start and warm it");
            }
            LatencyRecorder recorder = new LatencyRecorder(System.currentTimeMillis() + warmUp.toMillis());
            // The previous round or load was read to its end, so the recorder sees only this load's results.
            l.sink.to(recorder);
            try (FrameProducer producer = client(() -> started(producer(l.topics, rate / settings.cameras(), l.cameras,
                    new GroundTruth())))) {
                LatencyResult result = paced(l.instance, producer, l.reader, l.results, recorder, warmUp, period, variant, load, rate);
                l.results += producer.acknowledged();
                return result;
            }
        }
        DemoTopics run = topics("paced");
        run.create(settings.connection(), settings.partitions());
        try (MeasuredInstance glimpse = instance(run, variant)) {
            long start = System.currentTimeMillis();
            LatencyRecorder recorder = new LatencyRecorder(start + warmUp.toMillis());
            try (ResultReader reader = client(() -> ResultReader.start(settings.connection(), run.results(),
                            run.deadLetters(), recorder));
                    FrameProducer producer = client(() -> started(producer(run, rate / settings.cameras(), cameras(),
                            new GroundTruth())))) {
                return paced(glimpse, producer, reader, 0, recorder, warmUp, period, variant, load, rate);
            }
        }
    }

    /** Lets a started paced load run its warm-up and its period, stops it and waits for its results. */
    private LatencyResult paced(MeasuredInstance glimpse, FrameProducer producer, ResultReader reader, long readBefore,
            LatencyRecorder recorder, Duration warmUp, Duration period, Map<String, String> variant, double load, double rate)
            throws Exception {
        Thread.sleep(warmUp.toMillis());
        long measuring = System.nanoTime();
        long measuringMillis = System.currentTimeMillis();
        Thread.sleep(period.toMillis());
        producer.stop();
        double seconds = (System.nanoTime() - measuring) / 1e9;
        if (!reader.awaitResults(readBefore + producer.acknowledged(), DRAIN_TIMEOUT)) {
            progress.accept("warning: only " + recorder.results() + " of " + producer.acknowledged() + " results arrived");
        }
        Stalls stalls = glimpse.stalls(measuringMillis);
        return new LatencyResult(label(variant).strip(), load, rate, producer.sent(), recorder.results(), recorder.measured() / seconds,
                recorder.endToEndPercentile(50), recorder.endToEndPercentile(99), recorder.visiblePercentile(50),
                recorder.visiblePercentile(99), recorder.deadLetters(), recorder.warmUpP99(),
                recorder.tail(stalls.gcPauses(), stalls.compilations()), stalls.gcPauses(), stalls.compilations());
    }

    private MeasuredInstance instance(DemoTopics topics, Map<String, String> variant) throws Exception {
        return launcher.start(instanceSettings(topics, variant));
    }

    private LocalGlimpse.Builder instanceSettings(DemoTopics topics, Map<String, String> variant) {
        LocalGlimpse.Builder builder = LocalGlimpse.builder();
        settings.clientProperties().forEach(builder::optProperty);
        settings.properties().forEach(builder::optProperty);
        variant.forEach(builder::optProperty);
        return builder
                .setBootstrapServers(settings.bootstrapServers())
                .setRegistryUrl(settings.registryUrl())
                .setModel(settings.model())
                .optTopics(topics)
                .optKeepRatio(settings.keepRatio())
                .optBatchSize(settings.batchSize())
                .optWorkers(settings.workers())
                .optProperty(GlimpseConfig.MAX_IN_FLIGHT_CONFIG, settings.maxInFlight())
                .optApplicationId(APPLICATION_ID_PREFIX + runId + "-" + ++instances);
    }

    private static FrameProducer started(FrameProducer producer) {
        producer.start();
        return producer;
    }

    /** The simulated cameras of one producer, or of every producer of a kept instance (their sequences go on). */
    private SimulatedCameras cameras() {
        return SimulatedCameras.builder().optCameras(settings.cameras()).optImageSize(settings.imageSize()).build();
    }

    private FrameProducer producer(DemoTopics topics, double fpsPerCamera, SimulatedCameras cameras, GroundTruth truth) {
        FrameProducer.Builder builder = FrameProducer.builder();
        settings.clientProperties().forEach(builder::optProperty);
        return builder
                .setBootstrapServers(settings.bootstrapServers())
                .setRegistryUrl(settings.registryUrl())
                .setTopic(topics.frames())
                .setCameras(cameras)
                .optFramesPerSecond(fpsPerCamera)
                .optGroundTruth(truth)
                .build();
    }

    private DemoTopics topics(String what) {
        return DemoTopics.withPrefix(TOPIC_PREFIX + runId + "-" + what + "-" + System.nanoTime());
    }

    /**
     * A kept instance and the bench's clients of its topics: the producer of its backlogs, its cameras
     * (shared by every producer of its frames, so that each stream's sequence goes on across rounds and
     * loads) and one reader of its results, whose sink each phase sets.
     */
    private static final class Live implements AutoCloseable {
        final MeasuredInstance instance;
        final DemoTopics topics;
        final SimulatedCameras cameras;
        final FrameProducer backlog;
        final ResultReader reader;
        final SwitchedSink sink;
        final double startupSeconds;
        final Duration freezeLimit;
        /** Counts the rounds' results against the backlogs' frames: each frame answered once. */
        final DemoStats stats;
        /** Results read so far, over all rounds and loads. */
        long results;

        Live(MeasuredInstance instance, DemoTopics topics, SimulatedCameras cameras, FrameProducer backlog, ResultReader reader,
                SwitchedSink sink, double startupSeconds, Duration freezeLimit) {
            this.instance = instance;
            this.topics = topics;
            this.cameras = cameras;
            this.backlog = backlog;
            this.reader = reader;
            this.sink = sink;
            this.startupSeconds = startupSeconds;
            this.freezeLimit = freezeLimit;
            this.stats = new DemoStats(backlog.groundTruth(), System.currentTimeMillis());
            sink.to(stats);
        }

        /**
         * Fails if the instance stayed frozen longer than its limit: its group could have expelled it, and
         * what follows would measure a rebalance.
         *
         * @param frozen how long it was frozen
         * @param cause what kept it frozen
         * @param remedy what the user can change
         */
        void checkFrozenWithinLimit(Duration frozen, String cause, String remedy) {
            if (frozen.compareTo(freezeLimit) > 0) {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s kept the instance frozen %.1f s, more than %.1f s,"
                        + " half its session timeout or poll interval: its group could expel it. %s", cause,
                        frozen.toMillis() / 1e3, freezeLimit.toMillis() / 1e3, remedy));
            }
        }

        /** Fails unless every backlog frame so far got exactly one result and none a dead letter. */
        void checkEachFrameAnsweredOnce() {
            StatsSnapshot s = stats.snapshot(System.currentTimeMillis());
            int unanswered = backlog.groundTruth().pending();
            if (s.unmatched() > 0 || s.deadLetters() > 0 || unanswered > 0) {
                throw new IllegalStateException(String.format(Locale.ROOT, "Not one result per frame on %s: %d results for no"
                        + " frame sent or a frame answered twice, %d dead letters, %d frames unanswered",
                        topics.frames(), s.unmatched(), s.deadLetters(), unanswered));
            }
        }

        /** Stops the instance gracefully and waits for it; closes the bench's clients of its topics. */
        @Override
        public void close() throws Exception {
            try (MeasuredInstance stopped = instance; FrameProducer producer = backlog; ResultReader closed = reader) {
                // Closed in reverse order: the reader, the producer, then the instance.
            }
        }
    }

    /** Hands what a reader reads to the sink of the current phase; phases follow each other, each read to its end. */
    private static final class SwitchedSink implements ResultSink {
        private volatile ResultSink target;

        void to(ResultSink next) {
            target = next;
        }

        @Override
        public void onResult(FrameResult result, long readAtMillis) {
            target.onResult(result, readAtMillis);
        }

        @Override
        public void onDeadLetter() {
            target.onDeadLetter();
        }
    }
}
