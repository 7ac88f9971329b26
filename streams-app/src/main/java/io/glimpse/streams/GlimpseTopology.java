package io.glimpse.streams;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.streams.frames.FrameDecoder;
import io.glimpse.resize.ResizePolicy;
import io.glimpse.streams.inference.FrameBatcher;
import io.glimpse.streams.inference.FrameClassifier;
import io.glimpse.streams.inference.ModelInput;
import io.glimpse.streams.metrics.GlimpseMetrics;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;

/**
 * Builds the Glimpse topology: frames → classify (micro-batched, pending frames in a changelogged
 * store) → results, with undecodable or invalid frames to the dead-letter topic.
 *
 * <pre>
 *   frames ──▶ classify ──▶ results        (FrameResult, keyed by stream id)
 *                 │ └─────▶ dead letters   (original bytes, reason in headers)
 *                 └ pending-frames store   (changelogged)
 * </pre>
 */
public final class GlimpseTopology {

    public static final String SOURCE = "frames-source";
    public static final String CLASSIFY = "classify";
    public static final String RESULTS_SINK = "results-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String PENDING_STORE = "pending-frames";

    private GlimpseTopology() {}

    /**
     * Builds the topology.
     *
     * @param config the settings
     * @param classifier the model behind the batcher (for its input size, labels and patch grid)
     * @param batcher the instance's shared micro-batcher
     * @param frameDeserializer the registry-aware VideoFrame deserializer
     * @param resultSerializer the registry-aware FrameResult serializer
     * @param metrics where to count
     * @return the topology
     */
    public static Topology build(
            GlimpseConfig config,
            FrameClassifier classifier,
            FrameBatcher batcher,
            Deserializer<VideoFrame> frameDeserializer,
            Serializer<FrameResult> resultSerializer,
            GlimpseMetrics metrics) {
        ModelInput input = classifier.input();
        FrameDecoder decoder = new FrameDecoder(frameDeserializer, input, config.getInt(GlimpseConfig.FRAME_MAX_BYTES_CONFIG),
                ResizePolicy.of(config.getString(GlimpseConfig.FRAME_RESIZE_CONFIG)),
                config.getLong(GlimpseConfig.FRAME_MAX_PIXELS_CONFIG));
        ClassifySettings settings = ClassifySettings.from(config);
        HeldFrames held = new HeldFrames(config.getInt(GlimpseConfig.MAX_HELD_FRAMES_CONFIG));
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                config.getString(GlimpseConfig.INPUT_TOPIC_CONFIG));
        topology.addProcessor(
                CLASSIFY,
                () -> new ClassifyProcessor(
                        decoder,
                        batcher,
                        metrics,
                        classifier.labels(),
                        input,
                        held,
                        settings),
                SOURCE);
        // Cached: a frame that is answered before the next commit never reaches the changelog (its
        // put and delete meet in the cache, only a tombstone is logged); a frame still pending at a
        // commit is flushed with it, which is what makes the crash guarantee hold.
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PENDING_STORE), Serdes.Long(), Serdes.ByteArray())
                        .withCachingEnabled()
                        // A pending frame of the largest accepted size must fit its changelog topic.
                        .withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                Integer.toString(config.changelogMaxMessageBytes()))),
                CLASSIFY);
        topology.addSink(RESULTS_SINK, config.getString(GlimpseConfig.OUTPUT_TOPIC_CONFIG),
                new StringSerializer(), resultSerializer, CLASSIFY);
        topology.addSink(DEAD_LETTER_SINK, config.getString(GlimpseConfig.DLQ_TOPIC_CONFIG),
                new ByteArraySerializer(), new ByteArraySerializer(), CLASSIFY);
        return topology;
    }
}
