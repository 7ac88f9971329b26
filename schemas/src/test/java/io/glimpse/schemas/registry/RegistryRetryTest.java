package io.glimpse.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.registry.ScriptedRegistry.Answer;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the client rides out a registry that is down or overloaded without making it worse: it backs off
 * (honouring {@code Retry-After}), stops within its budget, and after repeated failures stops calling for
 * a while, then lets a single probe find out whether the registry is back. Time is a {@link ManualTime}:
 * no test waits for a backoff.
 */
class RegistryRetryTest {

    private static final Schema SCHEMA = VideoFrame.getClassSchema();
    private static final Answer UNAVAILABLE = Answer.error(503, 50301, "unavailable");

    private ScriptedRegistry registry;
    private ManualTime time;

    @BeforeEach
    void start() {
        registry = ScriptedRegistry.start();
        time = new ManualTime();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private SchemaRegistryClient client(RetryPolicy.Builder policy) {
        return RestSchemaRegistryClient.builder().setUrl(registry.url()).optRetryPolicy(policy.build())
                .optClock(time).optSleeper(time).optRandom(RetryPolicyTest.fixed(0.5)).build();
    }

    private static RetryPolicy.Builder policy() {
        return RetryPolicy.builder().optInitialBackoff(Duration.ofMillis(100)).optMaxBackoff(Duration.ofMillis(400))
                .optJitter(0);
    }

    @Test
    void shouldBackOffExponentiallyWithJitterUpToTheCap() {
        SchemaRegistryClient client = client(policy().optJitter(0.5).optMaxAttempts(6).optFailureThreshold(10));
        registry.answerAlways(UNAVAILABLE);

        catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7));

        assertThat(registry.requests()).hasSize(6);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofMillis(300),
                Duration.ofMillis(300), Duration.ofMillis(300));
    }

    @Test
    void shouldWaitAsLongAsRetryAfterSaysInSeconds() {
        SchemaRegistryClient client = client(policy());
        registry.answerNext(UNAVAILABLE.withHeader("Retry-After", "3"), Answer.schema(SCHEMA));

        assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void shouldWaitUntilTheRetryAfterDate() {
        SchemaRegistryClient client = client(policy());
        String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(time.instant().plusSeconds(2).atOffset(ZoneOffset.UTC));
        registry.answerNext(Answer.error(429, 42901, "slow down").withHeader("Retry-After", inTwoSeconds),
                Answer.schema(SCHEMA));

        assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void shouldKeepItsOwnBackoffWhenRetryAfterIsShorterOrUnreadable() {
        SchemaRegistryClient client = client(policy());
        registry.answerNext(UNAVAILABLE.withHeader("Retry-After", "0"), UNAVAILABLE.withHeader("Retry-After", "soon"),
                Answer.schema(SCHEMA));

        assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @ParameterizedTest
    @ValueSource(strings = {"120", "99999999999999999999999"})
    void shouldGiveUpAtOnceWhenRetryAfterReachesBeyondTheBudget(String retryAfter) {
        SchemaRegistryClient client = client(policy().optMaxWait(Duration.ofSeconds(5)));
        registry.answerAlways(UNAVAILABLE.withHeader("Retry-After", retryAfter));

        RegistryUnreachableException unreachable =
                catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7));

        assertThat(unreachable.getMessage()).contains("Retry-After").contains("5000 ms");
        assertThat(registry.requests()).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void shouldStopRetryingWhenTheNextWaitWouldOverrunTheBudget() {
        SchemaRegistryClient client = client(policy().optInitialBackoff(Duration.ofSeconds(1)).optMaxBackoff(Duration.ofSeconds(1))
                .optMaxAttempts(100).optFailureThreshold(100).optMaxWait(Duration.ofMillis(3500)));
        registry.answerAlways(UNAVAILABLE);

        RegistryUnreachableException unreachable =
                catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7));

        assertThat(registry.requests()).hasSize(4);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(unreachable.getMessage()).contains("budget of 3500 ms");
        assertThat(unreachable.status()).isEqualTo(503);
    }

    @Test
    void shouldNotBlockLongerThanTheBudgetWhenTheRegistryHangs() {
        SchemaRegistryClient client = RestSchemaRegistryClient.builder().setUrl(registry.url())
                .optRetryPolicy(RetryPolicy.builder().optMaxWait(Duration.ofMillis(300)).build()).build();
        registry.answerAlways(Answer.hang());

        long started = System.nanoTime();
        RegistryUnreachableException unreachable = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7)));

        assertThat(unreachable).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void shouldFailFastWithoutCallingWhileTheCircuitIsOpen() {
        SchemaRegistryClient client = client(policy().optMaxAttempts(3).optFailureThreshold(3)
                .optOpenInterval(Duration.ofSeconds(10)));
        registry.answerAlways(UNAVAILABLE);
        catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7));
        int sleeps = time.sleeps().size();

        RegistryUnreachableException open = catchThrowableOfType(RegistryUnreachableException.class,
                () -> client.schemaById(8));

        assertThat(open.getMessage()).contains("circuit open").contains("3 consecutive failures");
        assertThat(registry.requests()).hasSize(3);
        assertThat(time.sleeps()).hasSize(sleeps);
    }

    @Test
    void shouldLetOneProbeThroughAfterTheOpenIntervalAndCloseWhenItSucceeds() {
        SchemaRegistryClient client = client(policy().optMaxAttempts(3).optFailureThreshold(3)
                .optOpenInterval(Duration.ofSeconds(10)));
        registry.answerAlways(UNAVAILABLE);
        catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7));
        registry.answerAlways(Answer.schema(SCHEMA));

        time.advance(Duration.ofSeconds(9));
        catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7));
        time.advance(Duration.ofSeconds(1));

        assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
        assertThat(client.schemaById(8)).isEqualTo(SCHEMA);
        assertThat(registry.requests()).hasSize(5);
    }

    @Test
    void shouldReopenTheCircuitWhenTheProbeFails() {
        SchemaRegistryClient client = client(policy().optMaxAttempts(3).optFailureThreshold(3)
                .optOpenInterval(Duration.ofSeconds(10)));
        registry.answerAlways(UNAVAILABLE);
        catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7));
        time.advance(Duration.ofSeconds(10));

        catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7));
        assertThat(registry.requests()).as("the probe alone, no retries behind it").hasSize(4);

        catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7));
        assertThat(registry.requests()).as("open again").hasSize(4);
    }

    @Test
    void shouldLetOnlyOneProbeThroughAtATime() throws Exception {
        SchemaRegistryClient client = client(policy().optMaxAttempts(3).optFailureThreshold(3)
                .optOpenInterval(Duration.ofSeconds(10)));
        registry.answerAlways(UNAVAILABLE);
        catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7));
        time.advance(Duration.ofSeconds(10));
        CountDownLatch probeArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        registry.answerAlways(request -> {
            probeArrived.countDown();
            return Answer.schema(SCHEMA).after(release);
        });

        CompletableFuture<Schema> probe = CompletableFuture.supplyAsync(() -> client.schemaById(7));
        assertThat(probeArrived.await(5, TimeUnit.SECONDS)).isTrue();
        RegistryUnreachableException meanwhile = catchThrowableOfType(RegistryUnreachableException.class,
                () -> client.schemaById(8));
        release.countDown();

        assertThat(meanwhile.getMessage()).contains("probe");
        assertThat(probe.get(5, TimeUnit.SECONDS)).isEqualTo(SCHEMA);
        assertThat(registry.requests()).hasSize(4);
    }

    @Test
    void shouldNotCountAnswersThatAreNotFailuresOfTheRegistry() {
        SchemaRegistryClient client = client(policy().optMaxAttempts(2).optFailureThreshold(2));
        registry.answerAlways(Answer.error(401, 40101, "Unauthorized"));

        for (int call = 0; call < 4; call++) {
            catchThrowableOfType(RegistryConfigurationException.class, () -> client.schemaById(7));
        }

        assertThat(registry.requests()).as("a registry that answers is up").hasSize(4);
    }

    @Test
    void shouldCountOnlyConsecutiveFailures() {
        SchemaRegistryClient client = client(policy().optMaxAttempts(2).optFailureThreshold(3));
        registry.answerNext(UNAVAILABLE, UNAVAILABLE, Answer.schema(SCHEMA), UNAVAILABLE, UNAVAILABLE)
                .answerAlways(Answer.schema(SCHEMA));

        catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7));
        assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
        catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7));

        assertThat(client.schemaById(7)).as("two failures since the last success: still closed").isEqualTo(SCHEMA);
    }
}
