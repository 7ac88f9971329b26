package io.glimpse.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.glimpse.deploy.FreePorts;
import io.glimpse.schemas.SampleRecords;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.registry.ScriptedRegistry.Answer;
import io.glimpse.schemas.registry.ScriptedRegistry.Request;
import io.glimpse.schemas.serde.AvroDeserializer;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.schemas.serde.AvroSerializer;
import io.glimpse.schemas.serde.SerializationFailure;
import io.glimpse.schemas.serde.WireFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Registry credentials never leave the Authorization header: not in an exception message (causes and
 * suppressed ones included), not in a dead-letter failure, not in a log line — whether they sit in the
 * URL's user info, in {@code basic.auth.user.info} or in a bearer token, and even when whatever answers
 * echoes them back in its error page. Every error path is provoked against a server that does just that.
 */
class CredentialSecrecyTest {

    private static final String USER = "glimpse";
    private static final String PASSWORD = "TOPSECRET-7f3a";
    private static final String TOKEN = "BEARER-SECRET-91c4";
    private static final List<String> SECRETS = List.of(PASSWORD, TOKEN,
            Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));

    private static final RetryPolicy QUICK = RetryPolicy.builder().optMaxAttempts(2).optFailureThreshold(2)
            .optInitialBackoff(Duration.ofMillis(1)).optMaxBackoff(Duration.ofMillis(2)).build();

    private ScriptedRegistry registry;
    private CapturedLog log;
    private final Map<String, Throwable> failures = new LinkedHashMap<>();

    @BeforeEach
    void start() {
        registry = ScriptedRegistry.start();
        log = CapturedLog.start();
    }

    @AfterEach
    void stop() {
        log.close();
        registry.close();
    }

    /** An answer whose body repeats the Authorization header and what it decodes to, as some proxies do. */
    private static Function<Request, Answer> echoing(int status, String contentType, Function<String, String> body) {
        return request -> Answer.text(status, contentType, body.apply(
                "you sent '" + request.authorization() + "' = '" + decoded(request.authorization()) + "'"));
    }

    private static String decoded(String authorization) {
        if (!authorization.startsWith("Basic ")) {
            return authorization;
        }
        return new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
    }

    private static String confluentError(int code, String message) {
        return "{\"error_code\":" + code + ",\"message\":\"" + message.replace("\"", "'") + "\"}";
    }

    private String urlWithCredentials() {
        return "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + registry.port();
    }

    private RestSchemaRegistryClient.Builder client(String url) {
        return RestSchemaRegistryClient.builder().setUrl(url).optRetryPolicy(QUICK);
    }

    private void provoke(String what, Function<Request, Answer> answer, Runnable call) {
        registry.answerAlways(answer);
        Throwable failure = catchThrowable(call::run);
        assertThat(failure).as(what).isNotNull();
        failures.put(what, failure);
    }

    private void provokeEveryAnswer(String via, Function<String, RestSchemaRegistryClient.Builder> newClient) {
        String json = "application/json";
        Map<String, Function<Request, Answer>> answers = new LinkedHashMap<>();
        answers.put("401", echoing(401, json, text -> confluentError(40101, text)));
        answers.put("403", echoing(403, "text/plain", text -> text));
        answers.put("400", echoing(400, "text/plain", text -> text));
        answers.put("404 HTML", echoing(404, "text/html", text -> "<html>" + text + "</html>"));
        answers.put("404 40403", echoing(404, json, text -> confluentError(40403, text)));
        answers.put("408", echoing(408, "text/plain", text -> text));
        answers.put("429", echoing(429, json, text -> confluentError(42901, text)));
        answers.put("500", echoing(500, json, text -> confluentError(50001, text)));
        answers.put("503", echoing(503, "text/html", text -> "<html>" + text + "</html>"));
        answers.put("200 HTML", echoing(200, "text/html", text -> "<html>" + text + "</html>"));
        answers.put("200 without schema", echoing(200, json, text -> "{\"note\":\"" + text + "\"}"));
        answers.put("200 schema not Avro", echoing(200, json, text -> "{\"schema\":\"" + text + "\"}"));
        for (Map.Entry<String, Function<Request, Answer>> answer : answers.entrySet()) {
            SchemaRegistryClient client = newClient.apply(registry.url()).build();
            provoke(via + " " + answer.getKey(), answer.getValue(), () -> client.schemaById(7));
        }
        SchemaRegistryClient writer = newClient.apply(registry.url()).build();
        provoke(via + " 409", echoing(409, json, text -> confluentError(409, text)),
                () -> writer.register("frames-value", VideoFrame.getClassSchema()));
        provoke(via + " 422", echoing(422, json, text -> confluentError(42201, text)),
                () -> writer.register("frames-value", VideoFrame.getClassSchema()));
    }

    @Test
    void shouldKeepCredentialsInTheUrlOutOfEveryMessageAndLogLine() {
        provokeEveryAnswer("url", url -> client(urlWithCredentials()));
        SchemaRegistryClient hanging = client(urlWithCredentials()).optRequestTimeout(Duration.ofMillis(100)).build();
        provoke("url timeout", request -> Answer.hang(), () -> hanging.schemaById(7));
        SchemaRegistryClient tripped = client(urlWithCredentials()).build();
        provoke("url failures opening the circuit", echoing(503, "text/plain", text -> text), () -> tripped.schemaById(7));
        provoke("url circuit open", echoing(503, "text/plain", text -> text), () -> tripped.schemaById(7));
        SchemaRegistryClient patient = client(urlWithCredentials()).optRetryPolicy(RetryPolicy.builder()
                .optMaxWait(Duration.ofSeconds(1)).build()).build();
        provoke("url Retry-After beyond the budget",
                request -> Answer.error(503, 50301, "busy").withHeader("Retry-After", "60"), () -> patient.schemaById(7));
        SchemaRegistryClient nowhere = client("http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + FreePorts.pick()).build();
        provoke("url connection refused", request -> Answer.hang(), () -> nowhere.schemaById(7));
        provoke("url not http", request -> Answer.hang(),
                () -> client("ftp://" + USER + ":" + PASSWORD + "@127.0.0.1:" + registry.port()).build());
        provoke("url malformed", request -> Answer.hang(),
                () -> client("http://" + USER + ":" + PASSWORD + " x@127.0.0.1:" + registry.port()).build());

        assertNoSecretAnywhere();
        assertThat(tripped.toString()).doesNotContain(PASSWORD).contains("127.0.0.1:" + registry.port());
        assertThat(log.text()).as("the circuit's opening was logged").contains("circuit");
    }

    @Test
    void shouldKeepBasicAndBearerCredentialsOutOfEveryMessage() {
        provokeEveryAnswer("basic", url -> client(url).optCredentials(Credentials.basic(USER, PASSWORD)));
        provokeEveryAnswer("bearer", url -> client(url).optCredentials(Credentials.bearer(() -> TOKEN)));

        assertNoSecretAnywhere();
    }

    @Test
    void shouldKeepCredentialsOutOfWhatTheSerdesThrow() {
        byte[] frame = new byte[WireFormat.HEADER_SIZE + 1];
        frame[4] = 7;
        List<Map<String, Object>> configurations = List.of(
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, urlWithCredentials()),
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                        AvroSerdeConfig.BASIC_AUTH_USER_INFO, USER + ":" + PASSWORD),
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(), AvroSerdeConfig.BEARER_AUTH_TOKEN, TOKEN));
        for (Map<String, Object> properties : configurations) {
            String via = properties.keySet().toString();
            for (int status : new int[] {401, 404}) {
                AvroSerdeConfig config = AvroSerdeConfig.fromProperties(properties, false);
                provoke(via + " read " + status, echoing(status, "application/json", text -> confluentError(status * 100 + 3, text)),
                        () -> AvroDeserializer.specific(VideoFrame.class, config).deserialize("frames", frame));
                provoke(via + " write " + status, echoing(status, "application/json", text -> confluentError(status * 100 + 1, text)),
                        () -> new AvroSerializer<VideoFrame>(config).serialize("frames", SampleRecords.videoFrame()));
            }
        }

        assertThat(failures.values()).as("a dead letter among them").hasAtLeastOneElementOfType(SerializationFailure.class);
        assertNoSecretAnywhere();
    }

    @Test
    void shouldSendTheUrlsUserInfoAsBasicCredentialsAsConfluentsClientsDo() {
        registry.answerAlways(Answer.schema(VideoFrame.getClassSchema()));
        String encoded = "http://gl%40mpse:p%3Ass%20word@127.0.0.1:" + registry.port() + "/";

        client(encoded).build().schemaById(1);
        client(urlWithCredentials()).optCredentials(Credentials.bearer(() -> TOKEN)).build().schemaById(1);

        assertThat(registry.requests()).extracting(Request::authorization).containsExactly(
                "Basic " + Base64.getEncoder().encodeToString("gl@mpse:p:ss word".getBytes(StandardCharsets.UTF_8)),
                "Bearer " + TOKEN);
        assertThat(registry.requests()).extracting(Request::path).containsOnly("/schemas/ids/1");
    }

    @Test
    void shouldNotFollowARedirectThatWouldTakeTheCredentialsElsewhere() {
        try (ScriptedRegistry elsewhere = ScriptedRegistry.start()) {
            elsewhere.answerAlways(Answer.schema(VideoFrame.getClassSchema()));
            String location = elsewhere.url().replace("127.0.0.1", "localhost") + "/schemas/ids/7";
            SchemaRegistryClient client = client(registry.url()).optCredentials(Credentials.basic(USER, PASSWORD)).build();

            provoke("redirect", request -> Answer.text(307, "text/plain", "moved").withHeader("Location", location),
                    () -> client.schemaById(7));

            assertThat(elsewhere.requests()).isEmpty();
            assertThat(failures.get("redirect")).isInstanceOf(RegistryConfigurationException.class)
                    .hasMessageContaining("307").hasMessageContaining(location);
            assertNoSecretAnywhere();
        }
    }

    private void assertNoSecretAnywhere() {
        List<String> leaks = new ArrayList<>();
        failures.forEach((what, failure) -> {
            String text = everything(failure);
            SECRETS.stream().filter(text::contains).forEach(secret -> leaks.add(what + ": " + text));
        });
        SECRETS.stream().filter(log.text()::contains).forEach(secret -> leaks.add("log: " + log.text()));
        assertThat(leaks).isEmpty();
    }

    /** Every message and toString of the failure, its causes and suppressed ones, as a stack trace prints them. */
    private static String everything(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        StringBuilder text = new StringBuilder(out.toString());
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append('\n').append(t.getMessage()).append('\n').append(t);
        }
        return text.toString();
    }
}
