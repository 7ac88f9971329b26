package io.glimpse.schemas.serde;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.glimpse.deploy.FreePorts;
import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.SampleRecords;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.registry.CachingSchemaRegistryClient;
import io.glimpse.schemas.registry.ManualTime;
import io.glimpse.schemas.registry.RegistryConfigurationException;
import io.glimpse.schemas.registry.RegistryGateway;
import io.glimpse.schemas.registry.RegistryUnreachableException;
import io.glimpse.schemas.registry.RestSchemaRegistryClient;
import io.glimpse.schemas.registry.RetryPolicy;
import io.glimpse.schemas.registry.SchemaRegistryException;
import io.glimpse.schemas.registry.ScriptedRegistry;
import io.glimpse.schemas.registry.ScriptedRegistry.Answer;
import io.glimpse.schemas.serde.SerializationFailure.Reason;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Registry trouble is never the record's fault. A {@link SerializationFailure} — what a topology sends to
 * its dead-letter topic — comes only from the record's own bytes or from the registry's own "schema not
 * found" (error 40403); refused credentials, a proxy's page, a wrong URL, an outage or a slow registry
 * reach the caller as a {@link SchemaRegistryException}, so the record is retried instead of dead-lettered.
 */
@ExtendWith(GlimpseServersExtension.class)
class RegistryTroubleTest {

    private static final byte[] FRAME_OF_SCHEMA_7 = {0, 0, 0, 0, 7, 2, 'x'};

    private ScriptedRegistry registry;
    private AvroDeserializer<VideoFrame> frames;

    @BeforeEach
    void start() {
        registry = ScriptedRegistry.start();
        ManualTime time = new ManualTime();
        frames = AvroDeserializer.specific(VideoFrame.class, AvroSerdeConfig.builder()
                .setRegistry(new CachingSchemaRegistryClient(RestSchemaRegistryClient.builder().setUrl(registry.url())
                        .optClock(time).optSleeper(time).build()))
                .build());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void shouldBlameTheFrameOnlyForTheRegistrysOwnSchemaNotFound() {
        registry.answerAlways(Answer.error(404, 40403, "Schema 7 not found"));

        SerializationFailure failure = catchThrowableOfType(SerializationFailure.class,
                () -> frames.deserialize("frames", FRAME_OF_SCHEMA_7));

        assertThat(failure.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID);
        assertThat(failure.reason().isRetriable()).isFalse();
        assertThat(failure.rawBytes()).isEqualTo(FRAME_OF_SCHEMA_7);
    }

    static Stream<Arguments> troubleThatIsNotTheFramesFault() {
        return Stream.of(
                Arguments.of(Answer.error(401, 40101, "Unauthorized"), RegistryConfigurationException.class),
                Arguments.of(Answer.text(403, "text/plain", "Forbidden"), RegistryConfigurationException.class),
                Arguments.of(Answer.text(400, "text/plain", "Bad Request"), RegistryConfigurationException.class),
                Arguments.of(Answer.text(404, "text/html", "<html>Not Found</html>"), RegistryConfigurationException.class),
                Arguments.of(Answer.json(404, "{\"message\":\"HTTP 404 Not Found\"}"), RegistryConfigurationException.class),
                Arguments.of(Answer.error(404, 40401, "Subject not found"), RegistryConfigurationException.class),
                Arguments.of(Answer.text(200, "text/html", "<html>Sign in</html>"), RegistryConfigurationException.class),
                Arguments.of(Answer.text(408, "text/plain", "Request Timeout"), RegistryUnreachableException.class),
                Arguments.of(Answer.error(429, 42901, "Too many requests"), RegistryUnreachableException.class),
                Arguments.of(Answer.error(503, 50301, "Unavailable"), RegistryUnreachableException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("troubleThatIsNotTheFramesFault")
    void shouldLetRegistryTroublePropagateInsteadOfBlamingTheFrame(Answer answer,
            Class<? extends SchemaRegistryException> expected) {
        registry.answerAlways(answer);

        Throwable thrown = catchThrowable(() -> frames.deserialize("frames", FRAME_OF_SCHEMA_7));

        assertThat(thrown).isInstanceOf(expected).isNotInstanceOf(SerializationFailure.class);
    }

    @Test
    void shouldLetAnUnreachableRegistryPropagateInsteadOfBlamingTheFrame() {
        AvroSerdeConfig unreachable = AvroSerdeConfig.builder().setRegistry(RestSchemaRegistryClient.builder()
                .setUrl("http://127.0.0.1:" + FreePorts.pick())
                .optRetryPolicy(RetryPolicy.builder().optMaxAttempts(2).optInitialBackoff(Duration.ZERO).build())
                .build()).build();

        Throwable thrown = catchThrowable(() -> AvroDeserializer.specific(VideoFrame.class, unreachable)
                .deserialize("frames", FRAME_OF_SCHEMA_7));

        assertThat(thrown).isInstanceOf(RegistryUnreachableException.class);
    }

    @Test
    void shouldNotBlockADecodeLongerThanTheConfiguredBudget() {
        registry.answerAlways(Answer.hang());
        AvroDeserializer<VideoFrame> patient = AvroDeserializer.specific(VideoFrame.class, AvroSerdeConfig.fromProperties(
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(), AvroSerdeConfig.REGISTRY_RETRY_MAX_WAIT_MS, "300"),
                false));

        long started = System.nanoTime();
        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> catchThrowable(() -> patient.deserialize("frames", FRAME_OF_SCHEMA_7)));

        assertThat(thrown).isInstanceOf(RegistryUnreachableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void shouldLetRegistryTroublePropagateFromTheSerializerToo() {
        registry.answerAlways(Answer.error(401, 40101, "Unauthorized"));
        AvroSerializer<VideoFrame> serializer = new AvroSerializer<>(
                AvroSerdeConfig.fromProperties(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false));

        Throwable thrown = catchThrowable(() -> serializer.serialize("frames", SampleRecords.videoFrame()));

        assertThat(thrown).isInstanceOf(RegistryConfigurationException.class).isNotInstanceOf(SerializationFailure.class);
    }

    @Test
    void shouldNotDeadLetterAGoodFrameWhenTheRealRegistryRefusesTheCredentials(LocalServers servers) throws Exception {
        AvroSerdeConfig direct = AvroSerdeConfig.builder().setRegistry(
                RestSchemaRegistryClient.builder().setUrl(servers.registryUrl()).build()).build();
        String topic = uniqueName("guarded-frames");
        byte[] good = new AvroSerializer<VideoFrame>(direct).serialize(topic, SampleRecords.videoFrame());
        try (RegistryGateway gateway = RegistryGateway.to(servers.registryUrl())) {
            gateway.requireAuthorization("Basic Z2xpbXBzZTpzM2NyZXQ=");
            AvroSerdeConfig anonymous = AvroSerdeConfig.fromProperties(
                    Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, gateway.url()), false);
            AvroSerdeConfig authenticated = AvroSerdeConfig.fromProperties(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                    gateway.url(), AvroSerdeConfig.BASIC_AUTH_USER_INFO, "glimpse:s3cret"), false);

            RegistryConfigurationException refused = catchThrowableOfType(RegistryConfigurationException.class,
                    () -> AvroDeserializer.specific(VideoFrame.class, anonymous).deserialize(topic, good));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(AvroDeserializer.specific(VideoFrame.class, authenticated).deserialize(topic, good))
                    .isEqualTo(SampleRecords.videoFrame());
        }
    }
}
