package io.glimpse.streams;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Glimpse's own settings, defined once with types, defaults, validators and docs; every other key
 * (bootstrap servers, schema registry URL, ...) passes through to Kafka Streams and the serdes.
 * A constructed config is valid: unknown values fail at start-up, not mid-stream.
 */
public final class GlimpseConfig extends AbstractConfig {

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
    private static final String WORKERS_DOC = "Inference workers (batches running at once), each with its own predictor.";

    public static final String MAX_IN_FLIGHT_CONFIG = "glimpse.max.in.flight";
    private static final String MAX_IN_FLIGHT_DOC =
            "Frames a task may have accepted but not yet emitted; beyond it the task waits (back-pressure).";

    public static final String KEEP_RATIO_CONFIG = "glimpse.keep.ratio";
    private static final String KEEP_RATIO_DOC = "DynamicViT keep ratio rho in (0, 1] for every batch.";

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

    public static final String DRAIN_INTERVAL_MS_CONFIG = "glimpse.drain.interval.ms";
    private static final String DRAIN_INTERVAL_MS_DOC =
            "How often each task checks for finished batches and due flushes (wall-clock punctuation).";

    public static final String METRICS_PORT_CONFIG = "glimpse.metrics.port";
    private static final String METRICS_PORT_DOC = "Port of the Prometheus /metrics endpoint; -1 disables it, 0 picks a free port.";

    private static final ConfigDef CONFIG =
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
                    .define(WORKERS_CONFIG, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.MEDIUM, WORKERS_DOC)
                    .define(MAX_IN_FLIGHT_CONFIG, Type.INT, 64, ConfigDef.Range.atLeast(1), Importance.MEDIUM, MAX_IN_FLIGHT_DOC)
                    .define(TOP_K_CONFIG, Type.INT, 3, ConfigDef.Range.atLeast(1), Importance.LOW, TOP_K_DOC)
                    .define(FRAME_MAX_BYTES_CONFIG, Type.INT, 4 * 1024 * 1024, ConfigDef.Range.atLeast(1), Importance.LOW, FRAME_MAX_BYTES_DOC)
                    .define(DRAIN_INTERVAL_MS_CONFIG, Type.LONG, 5L, ConfigDef.Range.atLeast(1), Importance.LOW, DRAIN_INTERVAL_MS_DOC)
                    .define(METRICS_PORT_CONFIG, Type.INT, -1, ConfigDef.Range.atLeast(-1), Importance.LOW, METRICS_PORT_DOC);

    /**
     * Parses and validates settings.
     *
     * @param props Glimpse keys and pass-through Kafka keys
     */
    public GlimpseConfig(Map<?, ?> props) {
        super(CONFIG, props, true);
        if (getInt(MAX_IN_FLIGHT_CONFIG) < getInt(BATCH_MAX_SIZE_CONFIG)) {
            throw new ConfigException(
                    MAX_IN_FLIGHT_CONFIG + " (" + getInt(MAX_IN_FLIGHT_CONFIG) + ") must be at least "
                            + BATCH_MAX_SIZE_CONFIG + " (" + getInt(BATCH_MAX_SIZE_CONFIG) + ") or batches never fill");
        }
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
        for (Map.Entry<String, Object> e : originals().entrySet()) {
            if (!CONFIG.names().contains(e.getKey())) {
                props.put(e.getKey(), e.getValue());
            }
        }
        return props;
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
