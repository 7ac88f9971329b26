package io.glimpse.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.registry.ScriptedRegistry.Answer;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each registry answer means. Only the registry's own "schema not found" (404 with error code
 * 40403) says the id is unknown; an answer that comes from a proxy, a wrong URL or refused credentials is
 * trouble with the registry or with how it is reached, a {@link RegistryConfigurationException}, never a
 * verdict on the schema id; a request timeout (408) is transient and retried like a 503.
 */
class RegistryAnswersTest {

    private static final RetryPolicy THREE_ATTEMPTS = RetryPolicy.builder().optMaxAttempts(3)
            .optInitialBackoff(Duration.ofMillis(100)).optMaxBackoff(Duration.ofMillis(400)).optJitter(0).build();

    private ScriptedRegistry registry;
    private ManualTime time;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() {
        registry = ScriptedRegistry.start();
        time = new ManualTime();
        client = RestSchemaRegistryClient.builder().setUrl(registry.url()).optRetryPolicy(THREE_ATTEMPTS)
                .optClock(time).optSleeper(time).build();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void shouldReportTheRegistrysOwnSchemaNotFoundAsNotFound() {
        registry.answerNext(Answer.error(404, 40403, "Schema 7 not found"));

        SchemaNotFoundException notFound = catchThrowableOfType(SchemaNotFoundException.class, () -> client.schemaById(7));

        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.errorCode()).isEqualTo(40403);
        assertThat(registry.requests()).hasSize(1);
    }

    static Stream<Arguments> answersThatAreNotTheRegistrysVerdict() {
        return Stream.of(
                Arguments.of("404 page of a proxy", Answer.text(404, "text/html", "<html><body>Not Found</body></html>")),
                Arguments.of("404 JSON without error code", Answer.json(404, "{\"message\":\"no route to /schemas\"}")),
                Arguments.of("404 without a body", Answer.text(404, null, "")),
                Arguments.of("401 credentials refused", Answer.error(401, 40101, "Unauthorized")),
                Arguments.of("403 credentials not allowed", Answer.text(403, "text/plain", "Forbidden")),
                Arguments.of("400 bad request", Answer.text(400, "text/plain", "Bad Request")),
                Arguments.of("405 method not allowed", Answer.text(405, "text/plain", "Method Not Allowed")),
                Arguments.of("200 HTML login page", Answer.text(200, "text/html", "<html><form>Sign in</form></html>")),
                Arguments.of("200 JSON without a schema", Answer.json(200, "{\"status\":\"ok\"}")),
                Arguments.of("200 JSON whose schema is not Avro", Answer.json(200, "{\"schema\":\"not avro\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answersThatAreNotTheRegistrysVerdict")
    void shouldReportAnAnswerThatIsNotTheRegistrysVerdictAsConfigurationTrouble(String what, Answer answer) {
        registry.answerAlways(answer);

        RegistryConfigurationException trouble =
                catchThrowableOfType(RegistryConfigurationException.class, () -> client.schemaById(7));

        assertThat(trouble).as(what).isNotNull().isNotInstanceOf(SchemaNotFoundException.class);
        assertThat(trouble.status()).isEqualTo(answer.status());
        assertThat(registry.requests()).as("not retried").hasSize(1);
    }

    @Test
    void shouldRetryARequestTimeoutLikeAServerError() {
        registry.answerNext(Answer.text(408, "text/plain", "Request Timeout"), Answer.text(408, "text/plain", "Request Timeout"),
                Answer.schema(VideoFrame.getClassSchema()));

        assertThat(client.schemaById(7)).isEqualTo(VideoFrame.getClassSchema());
        assertThat(registry.requests()).hasSize(3);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void shouldReportRequestTimeoutsThatOutlastTheRetriesAsUnreachable() {
        registry.answerAlways(Answer.text(408, "text/plain", "Request Timeout"));

        RegistryUnreachableException unreachable =
                catchThrowableOfType(RegistryUnreachableException.class, () -> client.schemaById(7));

        assertThat(unreachable.status()).isEqualTo(408);
        assertThat(registry.requests()).hasSize(3);
    }

    @Test
    void shouldRefuseARegistrationAnswerWithoutAnId() {
        registry.answerAlways(Answer.json(200, "{}"));

        RegistryConfigurationException trouble = catchThrowableOfType(RegistryConfigurationException.class,
                () -> client.register("frames-value", VideoFrame.getClassSchema()));

        assertThat(trouble).as("id 0 is no id").isNotNull();
    }
}
