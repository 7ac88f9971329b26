package io.glimpse.streams;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.registry.RegistryConfigurationException;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.streams.inference.FrameBatcher;
import io.glimpse.streams.metrics.GlimpseMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import com.sun.net.httpserver.HttpServer;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Registry trouble is never a frame's fault: a frame read while the registry is unreachable, or
 * while it refuses Glimpse's credentials, fails its task (to be retried from the last commit) and
 * never reaches the dead-letter topic; refused credentials stop the instance with one clear line.
 */
@ExtendWith(GlimpseServersExtension.class)
class RegistryTroubleSpecTest {

    private final LocalServers servers;

    RegistryTroubleSpecTest(LocalServers servers) {
        this.servers = servers;
    }

    @Test
    void shouldNotDeadLetterAFrameReadWhileTheRegistryIsUnreachable() {
        Throwable failure = pipeOneFrameWithTheAppsRegistryAt("http://127.0.0.1:1");

        assertThat(failure).isNotNull();
        assertThat(GlimpseApp.onStreamThreadFailure(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldStopTheInstanceInsteadOfDeadLetteringWhenTheRegistryRefusesItsCredentials() throws Exception {
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/", exchange -> {
            byte[] body = "{\"error_code\":40101,\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        refusing.start();
        try {
            Throwable failure = pipeOneFrameWithTheAppsRegistryAt("http://127.0.0.1:" + refusing.getAddress().getPort());

            assertThat(failure).hasRootCauseInstanceOf(RegistryConfigurationException.class);
            assertThat(GlimpseApp.onStreamThreadFailure(failure)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        } finally {
            refusing.stop(0);
        }
    }

    /** Serialises a frame against the real registry, then pipes it into an app whose registry is elsewhere. */
    private Throwable pipeOneFrameWithTheAppsRegistryAt(String appRegistryUrl) {
        String topic = uniqueName("frames");
        Map<String, Object> real = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, servers.registryUrl());
        AvroSerde<VideoFrame> producerSerde = AvroSerde.specific(VideoFrame.class, AvroSerdeConfig.fromProperties(real, false));
        byte[] frame = producerSerde.serializer().serialize(topic, VideoFrame.newBuilder()
                .setStreamId("cam-1")
                .setSequence(0)
                .setCaptureTime(Instant.EPOCH)
                .setWidth(4)
                .setHeight(4)
                .setChannels(3)
                .setEncoding(PixelEncoding.RGB8)
                .setData(ByteBuffer.wrap(new byte[48]))
                .build());

        Map<String, Object> props = new HashMap<>();
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, appRegistryUrl);
        props.put(AvroSerdeConfig.REGISTRY_RETRY_MAX_WAIT_MS, "300");
        props.put(GlimpseConfig.INPUT_TOPIC_CONFIG, topic);
        props.put(GlimpseConfig.MODEL_CONFIG_CONFIG, "unused");
        props.put(GlimpseConfig.MODEL_WEIGHTS_CONFIG, "unused");
        GlimpseConfig config = new GlimpseConfig(props);
        ScriptedClassifier classifier = new ScriptedClassifier();
        GlimpseMetrics metrics = new GlimpseMetrics(new SimpleMeterRegistry());
        Properties streamsProps = new Properties();
        streamsProps.put(StreamsConfig.APPLICATION_ID_CONFIG, uniqueName("registry-trouble"));
        streamsProps.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (FrameBatcher batcher = FrameBatcher.builder().setClassifier(classifier).optExecutor(Runnable::run).build();
                TopologyTestDriver driver = new TopologyTestDriver(GlimpseTopology.build(config, classifier, batcher,
                        AvroSerde.specific(VideoFrame.class, AvroSerdeConfig.fromProperties(props, false)).deserializer(),
                        AvroSerde.specific(FrameResult.class, AvroSerdeConfig.fromProperties(real, false)).serializer(),
                        metrics), streamsProps)) {
            TestInputTopic<byte[], byte[]> frames =
                    driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(
                    config.getString(GlimpseConfig.DLQ_TOPIC_CONFIG), new ByteArrayDeserializer(), new ByteArrayDeserializer());

            Throwable failure = catchThrowable(() -> frames.pipeInput("cam-1".getBytes(StandardCharsets.UTF_8), frame));
            driver.advanceWallClockTime(Duration.ofMillis(50));

            assertThat(deadLetters.isEmpty()).as("no dead letter for registry trouble").isTrue();
            assertThat(classifier.batches).isEmpty();
            return failure;
        }
    }
}
