package io.glimpse.schemas.registry;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.glimpse.deploy.FreePorts;
import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.VideoFrame;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(GlimpseServersExtension.class)
class RestSchemaRegistryClientTest {

    private static final RetryPolicy QUICK = RetryPolicy.builder()
            .optMaxAttempts(3).optInitialBackoff(Duration.ofMillis(10)).optMaxBackoff(Duration.ofMillis(20)).build();

    private static String registryUrl;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void connect(LocalServers servers) {
        registryUrl = servers.registryUrl();
        client = RestSchemaRegistryClient.builder().setUrl(registryUrl).build();
    }

    @Test
    void shouldRegisterASchemaAndFindItByIdSubjectAndVersion() {
        String subject = uniqueName("frames") + "-value";
        Schema schema = VideoFrame.getClassSchema();

        int id = client.register(subject, schema);

        assertThat(client.schemaById(id)).isEqualTo(schema);
        assertThat(client.idOf(subject, schema)).isEqualTo(id);
        assertThat(client.latest(subject)).isEqualTo(new RegisteredSchema(subject, 1, id, schema));
        assertThat(client.version(subject, 1)).isEqualTo(new RegisteredSchema(subject, 1, id, schema));
    }

    @Test
    void shouldReturnTheSameIdWhenTheSameSchemaIsRegisteredAgain() {
        String subject = uniqueName("results") + "-value";

        int first = client.register(subject, FrameResult.getClassSchema());
        int second = client.register(subject, FrameResult.getClassSchema());

        assertThat(second).isEqualTo(first);
        assertThat(client.latest(subject).version()).isEqualTo(1);
    }

    @Test
    void shouldGiveEveryConcurrentRegistrationOfANewSubjectTheSameId() throws Exception {
        String subject = uniqueName("raced") + "-value";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> ids = new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 6; i++) {
                ids.add(pool.submit(() -> {
                    start.await();
                    return client.register(subject, VideoFrame.getClassSchema());
                }));
            }
            start.countDown();
            java.util.Set<Integer> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<Integer> id : ids) {
                distinct.add(id.get());
            }
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void shouldSetAndReadASubjectsCompatibilityLevel() {
        String subject = uniqueName("levels") + "-value";
        client.register(subject, VideoFrame.getClassSchema());

        client.setCompatibility(subject, Compatibility.BACKWARD);

        assertThat(client.compatibility(subject)).contains(Compatibility.BACKWARD);
    }

    @Test
    void shouldTellCompatibleFromIncompatibleNextVersions() {
        String subject = uniqueName("evolving") + "-value";
        Schema v1 = SchemaBuilder.record("Thing").namespace("io.glimpse.test").fields().requiredInt("a").endRecord();
        Schema withDefault = SchemaBuilder.record("Thing").namespace("io.glimpse.test").fields()
                .requiredInt("a").name("b").type().stringType().stringDefault("none").endRecord();
        Schema retyped = SchemaBuilder.record("Thing").namespace("io.glimpse.test").fields().requiredString("a").endRecord();
        client.register(subject, v1);
        client.setCompatibility(subject, Compatibility.BACKWARD);

        assertThat(client.isCompatible(subject, withDefault)).isTrue();
        assertThat(client.isCompatible(subject, retyped)).isFalse();
    }

    @Test
    void shouldCallASchemaForASubjectWithoutVersionsCompatible() {
        assertThat(client.isCompatible(uniqueName("empty") + "-value", VideoFrame.getClassSchema())).isTrue();
    }

    @Test
    void shouldReportMissingSubjectsVersionsAndIdsAsNotFound() {
        String subject = uniqueName("missing") + "-value";

        assertThatThrownBy(() -> client.latest(subject)).isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> client.schemaById(987_654_321)).isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> client.idOf(subject, VideoFrame.getClassSchema()))
                .isInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void shouldRetryServerErrorsUntilTheRegistryAnswers() throws Exception {
        try (RegistryGateway gateway = RegistryGateway.to(registryUrl)) {
            SchemaRegistryClient retrying = RestSchemaRegistryClient.builder()
                    .setUrl(gateway.url()).optRetryPolicy(QUICK).build();
            gateway.failNext(2, 503);

            int id = retrying.register(uniqueName("retried") + "-value", VideoFrame.getClassSchema());

            assertThat(client.schemaById(id)).isEqualTo(VideoFrame.getClassSchema());
            assertThat(gateway.authorizations()).hasSize(3);
        }
    }

    @Test
    void shouldGiveUpAsUnreachableWhenServerErrorsOutlastTheRetries() throws Exception {
        try (RegistryGateway gateway = RegistryGateway.to(registryUrl)) {
            SchemaRegistryClient retrying = RestSchemaRegistryClient.builder()
                    .setUrl(gateway.url()).optRetryPolicy(QUICK).build();
            gateway.failNext(3, 502);

            assertThatThrownBy(() -> retrying.latest("any-value"))
                    .isInstanceOf(RegistryUnreachableException.class)
                    .hasMessageContaining("502")
                    .extracting(e -> ((RegistryUnreachableException) e).status()).isEqualTo(502);
            assertThat(gateway.forwarded()).isZero();
        }
    }

    @Test
    void shouldNotRetryARefusal() throws Exception {
        try (RegistryGateway gateway = RegistryGateway.to(registryUrl)) {
            SchemaRegistryClient retrying = RestSchemaRegistryClient.builder()
                    .setUrl(gateway.url()).optRetryPolicy(QUICK).build();

            assertThatThrownBy(() -> retrying.latest(uniqueName("absent") + "-value"))
                    .isInstanceOf(SchemaNotFoundException.class);
            assertThat(gateway.authorizations()).hasSize(1);
        }
    }

    @Test
    void shouldReportAnUnreachableRegistryAfterTheRetries() {
        SchemaRegistryClient nowhere = RestSchemaRegistryClient.builder()
                .setUrl("http://127.0.0.1:" + FreePorts.pick()).optRetryPolicy(QUICK).build();

        assertThatThrownBy(() -> nowhere.schemaById(1))
                .isInstanceOf(RegistryUnreachableException.class)
                .hasMessageContaining("after 3 attempt(s)");
    }

    @Test
    void shouldSendBasicAuthCredentials() throws Exception {
        try (RegistryGateway gateway = RegistryGateway.to(registryUrl)) {
            gateway.requireAuthorization("Basic Z2xpbXBzZTpzM2NyZXQ=");
            SchemaRegistryClient anonymous = RestSchemaRegistryClient.builder().setUrl(gateway.url()).build();
            SchemaRegistryClient authenticated = RestSchemaRegistryClient.builder().setUrl(gateway.url())
                    .optCredentials(Credentials.basic("glimpse", "s3cret")).build();

            assertThatThrownBy(() -> anonymous.register(uniqueName("guarded") + "-value", VideoFrame.getClassSchema()))
                    .isInstanceOf(SchemaRegistryException.class)
                    .extracting(e -> ((SchemaRegistryException) e).status()).isEqualTo(401);
            assertThat(authenticated.register(uniqueName("guarded") + "-value", VideoFrame.getClassSchema())).isPositive();
        }
    }

    @Test
    void shouldTakeBasicCredentialsFromTheUrlAsConfluentsClientsDo() throws Exception {
        try (RegistryGateway gateway = RegistryGateway.to(registryUrl)) {
            gateway.requireAuthorization("Basic Z2xpbXBzZTpzM2NyZXQ=");
            SchemaRegistryClient authenticated = RestSchemaRegistryClient.builder()
                    .setUrl(gateway.url().replace("http://", "http://glimpse:s3cret@")).build();

            assertThat(authenticated.register(uniqueName("url-credentials") + "-value", VideoFrame.getClassSchema()))
                    .isPositive();
            assertThat(authenticated.toString()).doesNotContain("s3cret");
        }
    }

    @Test
    void shouldTellTheRegistrysSchemaNotFoundByItsErrorCode() {
        SchemaNotFoundException notFound = catchThrowableOfType(SchemaNotFoundException.class, () -> client.schemaById(987_654_321));

        assertThat(notFound.errorCode()).isEqualTo(SchemaNotFoundException.SCHEMA_NOT_FOUND);
        assertThat(notFound.isSchemaNotFound()).isTrue();
    }

    @Test
    void shouldAskForAFreshBearerTokenOnEveryRequest() throws Exception {
        try (RegistryGateway gateway = RegistryGateway.to(registryUrl)) {
            AtomicInteger issued = new AtomicInteger();
            SchemaRegistryClient bearer = RestSchemaRegistryClient.builder().setUrl(gateway.url())
                    .optCredentials(Credentials.bearer(() -> "token-" + issued.incrementAndGet())).build();
            String subject = uniqueName("tokens") + "-value";

            bearer.register(subject, VideoFrame.getClassSchema());
            bearer.latest(subject);

            assertThat(gateway.authorizations()).containsExactly("Bearer token-1", "Bearer token-2");
        }
    }

    @Test
    void shouldAnswerRepeatedLookupsFromTheCache() throws Exception {
        try (RegistryGateway gateway = RegistryGateway.to(registryUrl)) {
            SchemaRegistryClient cached = new CachingSchemaRegistryClient(
                    RestSchemaRegistryClient.builder().setUrl(gateway.url()).build());
            String subject = uniqueName("cached") + "-value";

            int id = cached.register(subject, VideoFrame.getClassSchema());
            for (int i = 0; i < 3; i++) {
                assertThat(cached.register(subject, VideoFrame.getClassSchema())).isEqualTo(id);
                assertThat(cached.schemaById(id)).isEqualTo(VideoFrame.getClassSchema());
            }

            assertThat(gateway.forwarded()).isEqualTo(1);
        }
    }
}
