package io.glimpse.streams;

import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.precision.CpuFeatures;
import io.glimpse.model.precision.Precision;
import io.glimpse.schemas.access.AccessFailure;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.registry.Compatibility;
import io.glimpse.schemas.registry.RegistryConfigurationException;
import io.glimpse.schemas.registry.RegistryUnreachableException;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.schemas.weights.ModelRecordDeserializer;
import io.glimpse.schemas.weights.TrustedKeys;
import io.glimpse.streams.inference.DynamicVitClassifier;
import io.glimpse.streams.inference.FrameBatcher;
import io.glimpse.streams.inference.ServedModel;
import io.glimpse.streams.inference.ModelInput;
import io.glimpse.streams.metrics.GlimpseMetrics;
import io.glimpse.streams.models.CanaryFrames;
import io.glimpse.streams.models.ModelFollower;
import io.glimpse.streams.models.ModelMetrics;
import io.glimpse.streams.models.ModelStatusPublisher;
import io.glimpse.streams.models.ModelVerifier;
import io.glimpse.streams.rho.ConsumerLag;
import io.glimpse.streams.rho.KeepRatioController;
import io.glimpse.streams.rho.KeepRatioMetrics;
import io.glimpse.streams.rho.KeepRatioPolicies;
import io.glimpse.streams.rho.KeepRatioSettings;
import io.glimpse.streams.metrics.PrometheusEndpoint;
import io.glimpse.streams.metrics.RuntimeMeters;
import io.glimpse.streams.metrics.StreamsReadiness;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * One running Glimpse instance: the served model, the inference workers and micro-batcher, the
 * Kafka Streams topology and the metrics endpoint, started and closed together.
 */
public final class GlimpseApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GlimpseApp.class);
    /** How long a starting instance waits for a schema registry that does not answer. */
    static final Duration REGISTRY_START_WAIT = Duration.ofMinutes(2);

    private final DynamicVitClassifier classifier;
    private ModelFollower follower;
    private final FrameBatcher batcher;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final PrometheusMeterRegistry registry;
    private final PrometheusEndpoint endpoint;
    /** Everything this instance opened, most recent first: closed in that order, also after a failed start. */
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Why Kafka Streams was shut down by Glimpse, on one line; null while it was not. */
    private volatile String stopReason;

    /** How long the start-up access check waits for the broker before starting anyway. */
    static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(15);

    /** DJL's engine setting for intra-op threads, read once when the engine starts. */
    static final String ENGINE_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private GlimpseApp(GlimpseConfig config) throws Exception {
        try {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            owned.push(registry::close);
            own(new RuntimeMeters()).bindTo(registry);
            ModelMetrics modelMetrics = new ModelMetrics(registry);
            Precision precision = modelPrecision(config);
            follower = createFollower(config, modelMetrics, precision);
            Optional<ServedModel> published =
                    follower == null
                            ? Optional.empty()
                            : follower.readHistory(Duration.ofMillis(config.getLong(GlimpseConfig.MODELS_HISTORY_TIMEOUT_MS_CONFIG)));
            ServedModel initial = published.isPresent() ? published.get() : loadConfiguredModel(config, precision);
            classifier = own(new DynamicVitClassifier(initial, config.getInt(GlimpseConfig.MODEL_MAX_CHUNK_CONFIG)));
            if (follower != null) {
                own(follower); // stops before the classifier closes, so no swap lands in a closed classifier
            }
            modelMetrics.serving(initial);
            GlimpseMetrics metrics = new GlimpseMetrics(registry);
            ConsumerLag inputLag =
                    new ConsumerLag(config.getString(GlimpseConfig.INPUT_TOPIC_CONFIG), Duration.ofSeconds(1), System::nanoTime);
            KeepRatioController keepRatio = KeepRatioPolicies.create(config.values(), classifier, System::nanoTime, inputLag);
            new KeepRatioMetrics(keepRatio).bindTo(registry);
            batcher =
                    own(FrameBatcher.builder()
                            .setClassifier(classifier)
                            .optMaxBatchSize(config.getInt(GlimpseConfig.BATCH_MAX_SIZE_CONFIG))
                            .optMaxWait(Duration.ofMillis(config.getLong(GlimpseConfig.BATCH_MAX_WAIT_MS_CONFIG)))
                            .optWorkers(config.workers())
                            .optKeepRatioPolicy(keepRatio)
                            .optObserver(metrics)
                            .build());
            Map<String, Object> serdeProps = config.serdeProperties();
            AvroSerde<VideoFrame> frames =
                    AvroSerde.specific(VideoFrame.class, AvroSerdeConfig.fromProperties(serdeProps, false));
            AvroSerdeConfig resultConfig = AvroSerdeConfig.fromProperties(serdeProps, false);
            registerResultSchema(resultConfig, config.getString(GlimpseConfig.OUTPUT_TOPIC_CONFIG));
            AvroSerde<FrameResult> results = AvroSerde.specific(FrameResult.class, resultConfig);
            Topology topology =
                    GlimpseTopology.build(config, classifier, batcher, frames.deserializer(), results.serializer(), metrics);
            streams = new KafkaStreams(topology, config.streamsProperties(), new FencedClientSupplier());
            inputLag.bind(streams::metrics);
            owned.push(GlimpseApp.this::closeStreams);
            Map<String, Object> settings = config.originals();
            streams.setUncaughtExceptionHandler(e -> {
                StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse response = onStreamThreadFailure(e, settings);
                if (response == StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT) {
                    stopReason = fatalReason(e, settings);
                }
                return response;
            });
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                    stopped.countDown();
                }
            });
            streamsMetrics = new KafkaStreamsMetrics(streams);
            owned.push(streamsMetrics::close);
            streamsMetrics.bindTo(registry);
            int port = config.getInt(GlimpseConfig.METRICS_PORT_CONFIG);
            endpoint = port >= 0
                    ? own(PrometheusEndpoint.start(registry, port, new StreamsReadiness(streams::state, classifier::modelVersion)))
                    : null;
        } catch (Exception | Error e) {
            if (follower != null && !owned.contains(follower)) {
                follower.close();
            }
            close();
            throw e;
        }
    }

    /**
     * Stops the stream threads; they commit what they answered. A thread still running after the
     * wait is reported: its unanswered frames stay in its pending store (a closing batcher never
     * turns them into dead letters) and the task's next owner answers them.
     */
    private void closeStreams() {
        if (!streams.close(Duration.ofSeconds(30))) {
            LOG.warn("Kafka Streams did not stop within 30 s; frames its tasks hold are answered by their next owner");
        }
    }

    /**
     * Replaces a failed stream thread (its tasks restart from their last commit and replay their
     * pending frames), unless the schema registry refuses Glimpse's requests or Kafka refuses its
     * credentials, certificate or ACLs: those do not heal by retrying, so the instance stops with one
     * clear line instead.
     */
    static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onStreamThreadFailure(Throwable e) {
        return onStreamThreadFailure(e, Map.of());
    }

    static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onStreamThreadFailure(Throwable e,
            Map<String, ?> settings) {
        String fatal = fatalReason(e, settings);
        if (fatal != null) {
            LOG.error("{}, so Glimpse stops", fatal);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("Stream thread failed; replacing it (its tasks restart from the last commit)", e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The one line that says why a failure stops the instance, or null if a new thread may retry. */
    private static String fatalReason(Throwable e, Map<String, ?> settings) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryConfigurationException refused) {
                return "The schema registry refuses Glimpse's requests: " + refused.getMessage();
            }
        }
        return AccessFailure.explain(e, settings).map(AccessFailure::getMessage).orElse(null);
    }

    /**
     * Returns why Glimpse shut Kafka Streams down (a refusal that retrying cannot heal).
     *
     * @return one line, or empty if it did not
     */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /**
     * Waits until Kafka Streams stops, by {@link #close} or on its own (a failure it cannot replace
     * a thread for).
     *
     * @return true if it stopped on its own, in error
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return streams.state() == KafkaStreams.State.ERROR;
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    /** The lowest ρ this app may serve with: the canary checks a published model there. */
    private static double lowestKeepRatio(GlimpseConfig config) {
        KeepRatioSettings rho = KeepRatioSettings.from(config.values());
        return rho.policy() == KeepRatioSettings.Policy.ADAPTIVE ? rho.min() : rho.fixedKeepRatio();
    }

    /**
     * Resolves {@value GlimpseConfig#MODEL_PRECISION_CONFIG} once, so that every model this instance
     * serves runs in the same precision, and says which CPU decided {@code auto}.
     */
    private static Precision modelPrecision(GlimpseConfig config) {
        Precision requested = config.modelPrecision();
        CpuFeatures cpu = CpuFeatures.detect();
        Precision resolved = requested.resolve(cpu);
        LOG.info("Model precision: {} requested, {} in effect for every model served; CPU {}", requested, resolved, cpu);
        return resolved;
    }

    /** Loads the model the configuration names, the start when the models topic has none. */
    private static ServedModel loadConfiguredModel(GlimpseConfig config, Precision precision) throws Exception {
        String labels = config.getString(GlimpseConfig.MODEL_LABELS_CONFIG);
        return ServedModel.load(
                Path.of(config.getString(GlimpseConfig.MODEL_CONFIG_CONFIG)),
                Path.of(config.getString(GlimpseConfig.MODEL_WEIGHTS_CONFIG)),
                labels.isEmpty() ? null : Path.of(labels),
                config.getString(GlimpseConfig.MODEL_VERSION_CONFIG),
                precision);
    }

    /**
     * Creates the models-topic follower, or null when no models topic is configured. A published model
     * must take the configured model's input and give its classes: that is what the topology, the
     * result schema's consumers and the canary are built for.
     */
    private ModelFollower createFollower(GlimpseConfig config, ModelMetrics modelMetrics, Precision precision)
            throws Exception {
        String topic = config.getString(GlimpseConfig.MODELS_TOPIC_CONFIG);
        if (topic.isBlank()) {
            return null;
        }
        DynamicVitConfig serving = DynamicVitConfig.read(Path.of(config.getString(GlimpseConfig.MODEL_CONFIG_CONFIG)));
        List<Path> keyFiles = config.getList(GlimpseConfig.MODEL_TRUSTED_KEYS_CONFIG).stream().map(Path::of).toList();
        boolean allowUnsigned = config.getBoolean(GlimpseConfig.MODEL_ALLOW_UNSIGNED_CONFIG);
        TrustedKeys keys = keyFiles.isEmpty() ? TrustedKeys.none() : TrustedKeys.load(keyFiles);
        if (keys.isEmpty() && !allowUnsigned) {
            LOG.warn("No trusted model keys ({}): every model published on {} will be refused",
                    GlimpseConfig.MODEL_TRUSTED_KEYS_CONFIG, topic);
        }
        ModelVerifier verifier = ModelVerifier.builder()
                .optTrustedKeys(keys)
                .optAllowUnsigned(allowUnsigned)
                .setServing(new ModelInput(serving.getImageWidth(), serving.getImageHeight(), serving.getPatchSize()),
                        serving.getClassCount())
                .setCanary(CanaryFrames.shipped())
                .optMinCanaryAccuracy(config.getDouble(GlimpseConfig.MODEL_CANARY_MIN_ACCURACY_CONFIG))
                .optKeepRatio(lowestKeepRatio(config))
                .setPrecision(precision)
                .build();
        String instance = config.instanceId();
        Map<String, Object> serdeProps = config.serdeProperties();
        String statusTopic = config.getString(GlimpseConfig.MODELS_STATUS_TOPIC_CONFIG);
        ModelStatusPublisher status = statusTopic.isBlank()
                ? null
                : own(new ModelStatusPublisher(config.clientProperties(),
                        AvroSerdeConfig.fromProperties(serdeProps, false), statusTopic, instance));
        Map<String, Object> consumerProps = new HashMap<>(config.clientProperties());
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "glimpse-model-follower-" + instance);
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Deserializer<SpecificRecord> records = new ModelRecordDeserializer(AvroSerdeConfig.fromProperties(serdeProps, false));
        return new ModelFollower(new KafkaConsumer<>(consumerProps, new StringDeserializer(), records), topic, verifier,
                config.getString(GlimpseConfig.MODEL_PIN_VERSION_CONFIG), status, modelMetrics);
    }

    /**
     * Hands {@value GlimpseConfig#ENGINE_THREADS_CONFIG} to the engine, which reads DJL's property
     * once, when it starts: by default each worker gets its share of the cores, since two workers of
     * one thread each beat one worker of two threads on 2 cores by 5–8 % (DeiT-S, batch 32): every
     * element-wise kernel then runs without a thread barrier. A property set on the JVM's command
     * line is kept unless the setting is given explicitly. {@link #start} calls it; whoever loads a
     * model in the same JVM before that (a benchmark's bare model) calls it first, so that both run
     * with the threads users get.
     *
     * @param config the settings ({@value GlimpseConfig#ENGINE_THREADS_CONFIG}, {@value GlimpseConfig#WORKERS_CONFIG})
     */
    public static void configureEngine(GlimpseConfig config) {
        boolean explicit = config.getInt(GlimpseConfig.ENGINE_THREADS_CONFIG) > 0;
        if (explicit || System.getProperty(ENGINE_THREADS_PROPERTY) == null) {
            System.setProperty(ENGINE_THREADS_PROPERTY, Integer.toString(config.engineThreads()));
        }
    }

    /**
     * Registers the result schema once, before any stream thread runs, so that an incompatible
     * subject stops the start instead of failing every task, and pins the subject to BACKWARD. A
     * registry that does not answer (restarting, or slow while a fleet starts) is waited for, up to
     * {@link #REGISTRY_START_WAIT}: no transaction is open yet, so there is no reason to give up after
     * one call's budget. A registry that answers with a refusal stops the start at once.
     */
    private static void registerResultSchema(AvroSerdeConfig config, String topic) throws InterruptedException {
        if (!config.autoRegister()) {
            return;
        }
        String subject = config.subjectNameStrategy().subjectName(topic, false, FrameResult.getClassSchema());
        long deadline = System.nanoTime() + REGISTRY_START_WAIT.toNanos();
        while (true) {
            try {
                config.registry().register(subject, FrameResult.getClassSchema());
                if (config.registry().compatibility(subject).isEmpty()) {
                    // Consumers of results rely on BACKWARD evolution; some registries default to NONE.
                    config.registry().setCompatibility(subject, Compatibility.BACKWARD);
                }
                return;
            } catch (RegistryUnreachableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LOG.warn("Schema registry unreachable while starting ({}); trying again for up to {} s in all",
                        e.getMessage(), REGISTRY_START_WAIT.toSeconds());
                Thread.sleep(1_000);
            }
        }
    }

    /**
     * Builds and starts an instance.
     *
     * @param config the settings
     * @return the running instance
     * @throws AccessFailure if Kafka refuses the credentials, the certificate or an ACL
     * @throws Exception if the model cannot be loaded or a port bound
     */
    public static GlimpseApp start(GlimpseConfig config) throws Exception {
        new KafkaPreflight(config, PREFLIGHT_TIMEOUT).check();
        configureEngine(config);
        GlimpseApp app = new GlimpseApp(config);
        try {
            app.streams.start();
            if (app.follower != null) {
                app.follower.follow(app.classifier);
            }
        } catch (RuntimeException | Error e) {
            app.close();
            throw e;
        }
        LOG.info("Glimpse started: model {} in {}, metrics {}", app.classifier.modelVersion(), app.classifier.modelPrecision(),
                app.endpoint == null ? "off" : "http://localhost:" + app.endpoint.port() + "/metrics");
        return app;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /**
     * Returns the version of the model serving now.
     *
     * @return the version results carry
     */
    public String modelVersion() {
        return classifier.modelVersion();
    }

    /**
     * Returns the precision of the model serving now.
     *
     * @return {@code FP32} or {@code BF16}, as the model reports it
     */
    public Precision modelPrecision() {
        return classifier.modelPrecision();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Returns the port of the metrics endpoint.
     *
     * @return the port, or -1 when disabled
     */
    public int metricsPort() {
        return endpoint == null ? -1 : endpoint.port();
    }

    /**
     * Stops the stream threads (they finish and commit their batches), then the workers, the model
     * and the metrics. Safe after a start that failed half-way: only what was opened is closed.
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Closing Glimpse failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
