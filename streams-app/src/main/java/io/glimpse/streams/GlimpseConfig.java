package io.glimpse.streams;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

import io.glimpse.model.precision.Precision;
import io.glimpse.streams.rho.KeepRatioSettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Glimpse's own settings, defined once with types, defaults, validators and docs; every other key
 * (bootstrap servers, schema registry URL, ...) passes through to Kafka Streams and the serdes.
 * A constructed config is valid: an unknown {@code glimpse.*} key (a typo would otherwise be
 * silently ignored), a bad value or a processing guarantee that breaks exactly one result per frame
 * fails at start-up, not mid-stream. Every Glimpse value is logged when the config is built; keys
 * that pass through are not, so registry or SASL credentials stay out of the log.
 *
 * <p>{@link ConfigSources} gathers the settings of {@code glimpse app run} from a properties file,
 * the environment and the command line, in rising precedence.
 */
public final class GlimpseConfig extends AbstractConfig {

    private static final Logger LOG = LoggerFactory.getLogger(GlimpseConfig.class);

    /** The prefix of every Glimpse key; any other key passes through to Kafka Streams and the serdes. */
    public static final String PREFIX = "glimpse.";

    public static final String INPUT_TOPIC_CONFIG = "glimpse.input.topic";
    private static final String INPUT_TOPIC_DOC = "Topic of VideoFrame records (Avro, registry-framed), keyed by stream id.";

    public static final String OUTPUT_TOPIC_CONFIG = "glimpse.output.topic";
    private static final String OUTPUT_TOPIC_DOC = "Topic for FrameResult records, one per classified frame, keyed by stream id.";

    public static final String DLQ_TOPIC_CONFIG = "glimpse.dlq.topic";
    private static final String DLQ_TOPIC_DOC =
            "Dead-letter topic: the original key and value of every frame that cannot be classified, with the reason in headers.";

    public static final String BATCH_MAX_SIZE_CONFIG = "glimpse.batch.max.size";
    private static final String BATCH_MAX_SIZE_DOC = "Most frames in one inference call.";

    public static final String BATCH_MAX_WAIT_MS_CONFIG = "glimpse.batch.max.wait.ms";
    private static final String BATCH_MAX_WAIT_MS_DOC =
            "Longest a frame waits for its batch to fill before the batch runs anyway (max_queue_delay).";

    public static final String WORKERS_CONFIG = "glimpse.workers";
    private static final String WORKERS_DOC =
            "Inference workers (batches running at once); 0 means one per core. On 2 cores, two workers of one engine"
                    + " thread each take 47 % more frames through the pipeline than one worker of two threads"
                    + " (demo bench: 614 against 417 frames/s), since an OpenMP team of two stalls whenever Kafka's"
                    + " threads take one of its cores.";

    public static final String MAX_IN_FLIGHT_CONFIG = "glimpse.max.in.flight";
    private static final String MAX_IN_FLIGHT_DOC =
            "Frames a task may have accepted but not yet emitted; beyond it the task waits (back-pressure).";

    public static final String KEEP_RATIO_CONFIG = "glimpse.keep.ratio";
    private static final String KEEP_RATIO_DOC =
            "DynamicViT keep ratio rho in (0, 1] for every batch when glimpse.keep.ratio.policy=fixed; with adaptive, the"
                    + " controller chooses within [glimpse.keep.ratio.min, glimpse.keep.ratio.max].";

    public static final String MODEL_CONFIG_CONFIG = "glimpse.model.config";
    private static final String MODEL_CONFIG_DOC = "Model configuration file (JSON, official DynamicViT keys).";

    public static final String MODEL_WEIGHTS_CONFIG = "glimpse.model.weights";
    private static final String MODEL_WEIGHTS_DOC = "Model weights (safetensors, official state-dict names).";

    public static final String MODEL_LABELS_CONFIG = "glimpse.model.labels";
    private static final String MODEL_LABELS_DOC = "File with one class name per line; empty for 'class N'.";

    public static final String MODEL_VERSION_CONFIG = "glimpse.model.version";
    private static final String MODEL_VERSION_DOC = "Version string written into every result.";

    public static final String TOP_K_CONFIG = "glimpse.top.k";
    private static final String TOP_K_DOC = "Classes reported per frame, most probable first.";

    public static final String FRAME_MAX_BYTES_CONFIG = "glimpse.frame.max.bytes";
    private static final String FRAME_MAX_BYTES_DOC = "Larger frame records go to the dead-letter topic as OVERSIZE.";

    public static final String FRAME_RESIZE_CONFIG = "glimpse.frame.resize";
    private static final String FRAME_RESIZE_DOC =
            "How a frame of another size than the model's input becomes the input: fit (scale to fit, keep the aspect ratio,"
                    + " pad: letterbox), crop (scale to cover, cut the overhang), stretch (scale each axis), or exact (refuse"
                    + " other sizes as WRONG_SIZE). Shrinking averages the exact source area of each input pixel. Results"
                    + " carry the mapping onto the original frame.";

    public static final String FRAME_MAX_PIXELS_CONFIG = "glimpse.frame.max.pixels";
    private static final String FRAME_MAX_PIXELS_DOC =
            "Most pixels a frame may declare (default 3840x2160); a larger one is a WRONG_SIZE dead letter before anything"
                    + " is decoded.";

    public static final String DRAIN_INTERVAL_MS_CONFIG = "glimpse.drain.interval.ms";
    private static final String DRAIN_INTERVAL_MS_DOC =
            "How often each task checks for finished batches and due flushes (wall-clock punctuation).";

    public static final String METRICS_PORT_CONFIG = "glimpse.metrics.port";
    private static final String METRICS_PORT_DOC = "Port of the Prometheus /metrics endpoint; -1 disables it, 0 picks a free port.";

    public static final String ENGINE_THREADS_CONFIG = "glimpse.engine.threads";
    private static final String ENGINE_THREADS_DOC =
            "Intra-op threads of the inference engine (DJL's ai.djl.pytorch.num_threads), read once when the engine starts."
                    + " 0 shares the cores among the workers: available processors / glimpse.workers, at least 1,"
                    + " so that batches running at once do not oversubscribe the cores.";

    public static final String MODEL_MAX_CHUNK_CONFIG = "glimpse.model.max.chunk";
    private static final String MODEL_MAX_CHUNK_DOC =
            "Most images in one forward pass on a CPU; a larger batch runs as consecutive chunks with the same results,"
                    + " since the activations of more images overflow the CPU caches and slow every element-wise kernel.";

    public static final String MODEL_PRECISION_CONFIG = "glimpse.model.precision";
    private static final String MODEL_PRECISION_DOC =
            "Arithmetic of the encoder blocks' linear layers in every model this instance serves, the one it starts with"
                    + " and each one swapped in: fp32 (the reference), bf16, or auto (bf16 only where the CPU reports"
                    + " avx512_bf16 or amx_bf16; elsewhere libtorch emulates bf16, several times slower than fp32).";

    public static final String MAX_HELD_FRAMES_CONFIG = "glimpse.max.held.frames";
    private static final String MAX_HELD_FRAMES_DOC =
            "Frames the whole instance may hold (accepted, not yet answered) across its tasks; beyond it each task waits"
                    + " for its oldest frame before reading on. Per-task limits alone multiply when a failover hands one"
                    + " instance every partition.";

    public static final String BACKPRESSURE_MAX_WAIT_MS_CONFIG = "glimpse.backpressure.max.wait.ms";
    private static final String BACKPRESSURE_MAX_WAIT_MS_DOC =
            "Longest a stream thread waits for capacity (back-pressure) before it reads on anyway. It waits inside an open"
                    + " transaction, so it must stay well below the producer's transaction.timeout.ms; under sustained overload"
                    + " the transaction then commits instead of being aborted and fenced.";

    public static final String DLQ_MAX_PAYLOAD_BYTES_CONFIG = "glimpse.dlq.max.payload.bytes";
    private static final String DLQ_MAX_PAYLOAD_BYTES_DOC =
            "Most bytes of a frame copied into its dead letter; a longer frame's dead letter carries its first bytes and the"
                    + " header glimpse.dlq.truncated with the original length. The default fits a broker's default 1 MiB"
                    + " message limit with room for headers.";

    public static final String PROCESSING_GUARANTEE_OVERRIDE_CONFIG = "glimpse.processing.guarantee.override";
    private static final String PROCESSING_GUARANTEE_OVERRIDE_DOC =
            "Allow a processing.guarantee other than exactly_once_v2 (by default it is refused). What is lost: exactly one"
                    + " result per frame. After a crash or rebalance, frames already answered are classified and emitted again,"
                    + " since the result, the pending-frames store and the input offset are no longer committed in one transaction.";

    public static final String MODELS_TOPIC_CONFIG = "glimpse.models.topic";
    private static final String MODELS_TOPIC_DOC =
            "Compacted topic the trainer publishes models to (glimpse train publish); every instance follows it and swaps to"
                    + " the newest version that passes verification. Empty: serve the configured files only.";

    public static final String MODELS_STATUS_TOPIC_CONFIG = "glimpse.models.status.topic";
    private static final String MODELS_STATUS_TOPIC_DOC =
            "Topic where each instance says what it did with a published model (swapped, rejected with the reason, ignored"
                    + " when pinned), keyed by instance. Empty: no status events (logs and metrics only).";

    public static final String MODEL_TRUSTED_KEYS_CONFIG = "glimpse.model.trusted.keys";
    private static final String MODEL_TRUSTED_KEYS_DOC =
            "Ed25519 public key files (PEM, from glimpse train keys generate) whose signatures this app accepts on published"
                    + " manifests. With none, every published model is refused unless unsigned models are allowed.";

    public static final String MODEL_ALLOW_UNSIGNED_CONFIG = "glimpse.model.allow.unsigned";
    private static final String MODEL_ALLOW_UNSIGNED_DOC =
            "Accept published manifests without a signature (hashes are still checked). For development only.";

    public static final String MODEL_PIN_VERSION_CONFIG = "glimpse.model.pin.version";
    private static final String MODEL_PIN_VERSION_DOC =
            "Serve only this published version, ignoring every other one; empty follows the newest.";

    public static final String MODEL_CANARY_MIN_ACCURACY_CONFIG = "glimpse.model.canary.min.accuracy";
    private static final String MODEL_CANARY_MIN_ACCURACY_DOC =
            "Accuracy a published model must reach on the canary frames shipped with the app (64 labelled test frames) before"
                    + " it may serve; its outputs must also be finite. 0 checks only that.";

    public static final String INSTANCE_ID_CONFIG = "glimpse.instance.id";
    private static final String INSTANCE_ID_DOC =
            "This instance's name in model status events; empty: host name and process id.";

    public static final String MODELS_HISTORY_TIMEOUT_MS_CONFIG = "glimpse.models.history.timeout.ms";
    private static final String MODELS_HISTORY_TIMEOUT_MS_DOC =
            "Longest the start waits to read the models topic's history (to start on the newest accepted version) before"
                    + " it starts with what it has read.";

    private static final ConfigDef CONFIG = KeepRatioSettings.define(
            new ConfigDef()
                    .define(INPUT_TOPIC_CONFIG, Type.STRING, "glimpse.frames", new ConfigDef.NonEmptyString(), Importance.HIGH, INPUT_TOPIC_DOC)
                    .define(OUTPUT_TOPIC_CONFIG, Type.STRING, "glimpse.results", new ConfigDef.NonEmptyString(), Importance.HIGH, OUTPUT_TOPIC_DOC)
                    .define(DLQ_TOPIC_CONFIG, Type.STRING, "glimpse.frames.dlq", new ConfigDef.NonEmptyString(), Importance.HIGH, DLQ_TOPIC_DOC)
                    .define(MODEL_CONFIG_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH, MODEL_CONFIG_DOC)
                    .define(MODEL_WEIGHTS_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH, MODEL_WEIGHTS_DOC)
                    .define(MODEL_LABELS_CONFIG, Type.STRING, "", Importance.MEDIUM, MODEL_LABELS_DOC)
                    .define(MODEL_VERSION_CONFIG, Type.STRING, "unversioned", new ConfigDef.NonEmptyString(), Importance.MEDIUM, MODEL_VERSION_DOC)
                    .define(KEEP_RATIO_CONFIG, Type.DOUBLE, 0.7, ConfigDef.Range.between(1e-3, 1.0), Importance.HIGH, KEEP_RATIO_DOC)
                    .define(BATCH_MAX_SIZE_CONFIG, Type.INT, 16, ConfigDef.Range.atLeast(1), Importance.HIGH, BATCH_MAX_SIZE_DOC)
                    .define(BATCH_MAX_WAIT_MS_CONFIG, Type.LONG, 20L, ConfigDef.Range.atLeast(0), Importance.HIGH, BATCH_MAX_WAIT_MS_DOC)
                    .define(WORKERS_CONFIG, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.MEDIUM, WORKERS_DOC)
                    .define(MAX_IN_FLIGHT_CONFIG, Type.INT, 64, ConfigDef.Range.atLeast(1), Importance.MEDIUM, MAX_IN_FLIGHT_DOC)
                    .define(TOP_K_CONFIG, Type.INT, 3, ConfigDef.Range.atLeast(1), Importance.LOW, TOP_K_DOC)
                    .define(FRAME_MAX_BYTES_CONFIG, Type.INT, 4 * 1024 * 1024, ConfigDef.Range.atLeast(1), Importance.LOW, FRAME_MAX_BYTES_DOC)
                    .define(FRAME_RESIZE_CONFIG, Type.STRING, "fit", ConfigDef.ValidString.in("fit", "crop", "stretch", "exact"),
                            Importance.MEDIUM, FRAME_RESIZE_DOC)
                    .define(FRAME_MAX_PIXELS_CONFIG, Type.LONG, 3840L * 2160, ConfigDef.Range.atLeast(1), Importance.LOW,
                            FRAME_MAX_PIXELS_DOC)
                    .define(DRAIN_INTERVAL_MS_CONFIG, Type.LONG, 5L, ConfigDef.Range.atLeast(1), Importance.LOW, DRAIN_INTERVAL_MS_DOC)
                    .define(METRICS_PORT_CONFIG, Type.INT, -1, ConfigDef.Range.atLeast(-1), Importance.LOW, METRICS_PORT_DOC)
                    .define(ENGINE_THREADS_CONFIG, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.MEDIUM, ENGINE_THREADS_DOC)
                    .define(MODEL_MAX_CHUNK_CONFIG, Type.INT, 16, ConfigDef.Range.atLeast(1), Importance.LOW, MODEL_MAX_CHUNK_DOC)
                    .define(MODEL_PRECISION_CONFIG, Type.STRING, Precision.FP32.toString(), precisionValidator(),
                            Importance.MEDIUM, MODEL_PRECISION_DOC)
                    .define(MAX_HELD_FRAMES_CONFIG, Type.INT, 1024, ConfigDef.Range.atLeast(1), Importance.MEDIUM, MAX_HELD_FRAMES_DOC)
                    .define(BACKPRESSURE_MAX_WAIT_MS_CONFIG, Type.LONG, 2000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                            BACKPRESSURE_MAX_WAIT_MS_DOC)
                    .define(DLQ_MAX_PAYLOAD_BYTES_CONFIG, Type.INT, 900 * 1024, ConfigDef.Range.atLeast(0), Importance.LOW,
                            DLQ_MAX_PAYLOAD_BYTES_DOC)
                    .define(PROCESSING_GUARANTEE_OVERRIDE_CONFIG, Type.BOOLEAN, false, Importance.LOW, PROCESSING_GUARANTEE_OVERRIDE_DOC)
                    .define(MODELS_TOPIC_CONFIG, Type.STRING, "glimpse.models", Importance.HIGH, MODELS_TOPIC_DOC)
                    .define(MODELS_STATUS_TOPIC_CONFIG, Type.STRING, "glimpse.models.status", Importance.MEDIUM, MODELS_STATUS_TOPIC_DOC)
                    .define(MODEL_TRUSTED_KEYS_CONFIG, Type.LIST, "", Importance.HIGH, MODEL_TRUSTED_KEYS_DOC)
                    .define(MODEL_ALLOW_UNSIGNED_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, MODEL_ALLOW_UNSIGNED_DOC)
                    .define(MODEL_PIN_VERSION_CONFIG, Type.STRING, "", Importance.MEDIUM, MODEL_PIN_VERSION_DOC)
                    .define(MODEL_CANARY_MIN_ACCURACY_CONFIG, Type.DOUBLE, 0.6, ConfigDef.Range.between(0.0, 1.0), Importance.MEDIUM,
                            MODEL_CANARY_MIN_ACCURACY_DOC)
                    .define(INSTANCE_ID_CONFIG, Type.STRING, "", Importance.LOW, INSTANCE_ID_DOC)
                    .define(MODELS_HISTORY_TIMEOUT_MS_CONFIG, Type.LONG, 60_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                            MODELS_HISTORY_TIMEOUT_MS_DOC));

    /** Accepts what {@link Precision#parse} accepts; its refusal names the accepted values. */
    private static ConfigDef.Validator precisionValidator() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            try {
                Precision.parse(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }, () -> Arrays.toString(Precision.values()));
    }

    /**
     * Parses and validates settings.
     *
     * @param props Glimpse keys and pass-through Kafka keys
     * @throws ConfigException if a {@code glimpse.*} key is unknown, a value is invalid, or the keys conflict
     */
    public GlimpseConfig(Map<?, ?> props) {
        // Logged here, not by AbstractConfig: under an io.glimpse name, which the launcher logs at
        // info, and with the engine threads in effect.
        super(CONFIG, props, false);
        LOG.info("Glimpse settings:{}", summary());
    }

    /**
     * Describes every Glimpse value, one per line, as logged at start-up: the 0 of
     * {@value #ENGINE_THREADS_CONFIG} with the count in effect, a password type as {@code [hidden]},
     * and no pass-through key.
     */
    String summary() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(values()).forEach((key, value) -> {
            text.append(System.lineSeparator()).append('\t').append(key).append(" = ").append(value);
            if (key.equals(ENGINE_THREADS_CONFIG) && Integer.valueOf(0).equals(value)) {
                text.append(" (").append(engineThreads()).append(" in effect)");
            }
        });
        return text.toString();
    }

    /**
     * Returns the definitions of Glimpse's keys, for documentation and tools.
     *
     * @return the definitions
     */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /**
     * Refuses unknown Glimpse keys before parsing, so a misspelt required key is reported as the
     * typo it is, not as a missing key.
     */
    @Override
    protected Map<String, Object> preProcessParsedConfig(Map<String, Object> originals) {
        checkKnownKeys(originals.keySet());
        return originals;
    }

    /** Rules across keys, checked in one place. */
    @Override
    protected Map<String, Object> postProcessParsedConfig(Map<String, Object> values) {
        int maxInFlight = (Integer) values.get(MAX_IN_FLIGHT_CONFIG);
        int batchMaxSize = (Integer) values.get(BATCH_MAX_SIZE_CONFIG);
        if (maxInFlight < batchMaxSize) {
            throw new ConfigException(
                    MAX_IN_FLIGHT_CONFIG + " (" + maxInFlight + ") must be at least "
                            + BATCH_MAX_SIZE_CONFIG + " (" + batchMaxSize + ") or batches never fill");
        }
        KeepRatioSettings.from(values);
        refuseHandlersThatContinue();
        checkRecordSizes((Integer) values.get(FRAME_MAX_BYTES_CONFIG));
        long maxWait = (Long) values.get(BACKPRESSURE_MAX_WAIT_MS_CONFIG);
        long transactionTimeout = transactionTimeoutMs();
        if (maxWait * 2 > transactionTimeout) {
            throw new ConfigException(BACKPRESSURE_MAX_WAIT_MS_CONFIG + " (" + maxWait + ") must stay below half of the"
                    + " producer's transaction.timeout.ms (" + transactionTimeout + "): a stream thread waits inside its"
                    + " transaction");
        }
        Object guarantee = originals().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (guarantee != null && !StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee.toString())) {
            if (!(Boolean) values.get(PROCESSING_GUARANTEE_OVERRIDE_CONFIG)) {
                throw new ConfigException(
                        StreamsConfig.PROCESSING_GUARANTEE_CONFIG + "=" + guarantee + " is refused: exactly one result per frame"
                                + " across crashes needs " + StreamsConfig.EXACTLY_ONCE_V2 + "; remove the setting, or set "
                                + PROCESSING_GUARANTEE_OVERRIDE_CONFIG + "=true to accept duplicate results after a crash");
            }
            LOG.warn("{}={} ({}=true): results may be duplicated after a crash or rebalance",
                    StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee, PROCESSING_GUARANTEE_OVERRIDE_CONFIG);
        }
        return Map.of();
    }

    /**
     * Refuses exception handlers that continue past a failure: they would turn a registry outage or a
     * failed write into frames skipped without a trace. Only the failing defaults are accepted.
     */
    private void refuseHandlersThatContinue() {
        Map<String, String> failing = Map.of(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                "org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler",
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                "org.apache.kafka.streams.errors.DefaultProductionExceptionHandler",
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                "org.apache.kafka.streams.errors.LogAndFailExceptionHandler");
        failing.forEach((key, accepted) -> {
            Object set = originals().get(key);
            String name = set instanceof Class<?> c ? c.getName() : set == null ? null : set.toString().strip();
            if (name != null && !name.equals(accepted)) {
                throw new ConfigException(key + "=" + name + " is refused: a handler that continues past a failure skips"
                        + " frames silently; Glimpse already dead-letters every frame at fault and retries the rest."
                        + " Remove the setting (or set " + accepted + ")");
            }
        });
    }

    /**
     * Checks that a frame of the largest accepted size can be written wherever it goes: the pending
     * store's changelog (by the producer) and the results. Dead letters are truncated instead.
     */
    private void checkRecordSizes(int frameMaxBytes) {
        Object set = originals().get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (set != null && Integer.parseInt(set.toString().strip()) < recordMaxBytes(frameMaxBytes)) {
            throw new ConfigException(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG) + " (" + set
                    + ") is smaller than a pending frame of " + FRAME_MAX_BYTES_CONFIG + " (" + frameMaxBytes
                    + ") can be: at least " + recordMaxBytes(frameMaxBytes));
        }
    }

    /**
     * Returns the largest record Glimpse writes for a frame: the frame, its key and a small envelope.
     *
     * @param frameMaxBytes {@value #FRAME_MAX_BYTES_CONFIG}
     * @return bytes
     */
    static int recordMaxBytes(int frameMaxBytes) {
        return frameMaxBytes + 64 * 1024;
    }

    /**
     * Returns the largest record the pending store's changelog must take.
     *
     * @return bytes
     */
    public int changelogMaxMessageBytes() {
        return recordMaxBytes(getInt(FRAME_MAX_BYTES_CONFIG));
    }

    private long transactionTimeoutMs() {
        Object set = originals().get(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
        if (set == null) {
            set = originals().get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        }
        // Kafka Streams' own default under exactly-once.
        return set == null ? 10_000L : Long.parseLong(set.toString().strip());
    }

    /**
     * Refuses every {@code glimpse.*} key that is not defined, naming the closest defined one.
     *
     * @param keys the keys of some settings; keys outside {@code glimpse.*} are not checked
     * @throws ConfigException naming each unknown key
     */
    static void checkKnownKeys(Collection<String> keys) {
        List<String> unknown = new ArrayList<>();
        for (String name : new TreeSet<>(keys)) {
            if (name.startsWith(PREFIX) && !CONFIG.names().contains(name)) {
                unknown.add("unknown setting '" + name + "'; did you mean '" + closestKey(name) + "'?");
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException(String.join("; ", unknown));
        }
    }

    /**
     * Returns the defined Glimpse key nearest to a name (Levenshtein distance; ties go to the
     * alphabetically first).
     *
     * @param name a key, usually misspelt
     * @return a defined key
     */
    static String closestKey(String name) {
        return CONFIG.names().stream()
                .min(Comparator.comparingInt((String known) -> editDistance(name, known)).thenComparing(known -> known))
                .orElseThrow();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * Returns the intra-op threads of the inference engine: {@value #ENGINE_THREADS_CONFIG}, or
     * when it is 0, this machine's processors shared among the workers.
     *
     * @return at least 1
     */
    public int engineThreads() {
        return engineThreads(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Returns the intra-op threads of the inference engine on a machine of {@code processors} cores:
     * what {@link #engineThreads()} gives in a process pinned to that many (a benchmark sizes the bare
     * model like the instance it starts on other cores).
     *
     * @param processors the cores the instance runs on
     * @return at least 1
     */
    public int engineThreads(int processors) {
        int configured = getInt(ENGINE_THREADS_CONFIG);
        return configured > 0 ? configured : Math.max(1, processors / workers(processors));
    }

    /**
     * Returns the precision asked for; {@code auto} is resolved against the CPU where models are loaded.
     *
     * @return {@value #MODEL_PRECISION_CONFIG}
     */
    public Precision modelPrecision() {
        return Precision.parse(getString(MODEL_PRECISION_CONFIG));
    }

    /**
     * Returns the inference workers: {@value #WORKERS_CONFIG}, or when it is 0, one per core.
     *
     * @return at least 1
     */
    public int workers() {
        return workers(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Returns the inference workers on a machine of {@code processors} cores, as {@link #workers()}
     * gives them in a process pinned to that many.
     *
     * @param processors the cores the instance runs on
     * @return at least 1
     */
    public int workers(int processors) {
        int configured = getInt(WORKERS_CONFIG);
        return configured > 0 ? configured : Math.max(1, processors);
    }

    /**
     * Returns the Kafka Streams properties: every key that is not Glimpse's, plus the settings Glimpse
     * relies on (exactly-once v2, short polls so batches flush on time) unless set explicitly.
     *
     * @return the properties for {@code KafkaStreams}
     */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.POLL_MS_CONFIG, 5L);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Math.max(1024 * 1024, changelogMaxMessageBytes()));
        for (Map.Entry<String, Object> e : originals().entrySet()) {
            if (!CONFIG.names().contains(e.getKey())) {
                props.put(e.getKey(), e.getValue());
            }
        }
        return props;
    }

    /**
     * Returns the settings a plain Kafka client of this app needs (bootstrap servers, security): the
     * pass-through keys that consumers and producers know, without Kafka Streams' own.
     *
     * @return a map for a consumer or producer
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        for (Map.Entry<String, Object> e : originals().entrySet()) {
            String key = e.getKey();
            if (!CONFIG.names().contains(key)
                    && (ConsumerConfig.configNames().contains(key) || ProducerConfig.configNames().contains(key))) {
                props.put(key, e.getValue());
            }
        }
        return props;
    }

    /**
     * Returns this instance's name for status events.
     *
     * @return {@value #INSTANCE_ID_CONFIG}, or host name and process id
     */
    public String instanceId() {
        String configured = getString(INSTANCE_ID_CONFIG);
        if (!configured.isBlank()) {
            return configured;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /**
     * Returns the settings for serdes (registry URL, credentials): every non-Glimpse key.
     *
     * @return a map for {@code Serde.configure}
     */
    public Map<String, Object> serdeProperties() {
        Map<String, Object> props = new HashMap<>();
        for (Map.Entry<String, Object> e : originals().entrySet()) {
            if (!CONFIG.names().contains(e.getKey())) {
                props.put(e.getKey(), e.getValue());
            }
        }
        return props;
    }
}
