package io.glimpse.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistryClient} over the Confluent REST protocol with {@link HttpClient}. Nothing is cached
 * (wrap it in a {@link CachingSchemaRegistryClient} for that). HTTPS uses the JVM's TLS settings
 * ({@code javax.net.ssl.trustStore} and friends) unless {@link Builder#optSslContext} says otherwise.
 *
 * <p>What an answer means:
 * <ul>
 *   <li>2xx with the JSON the protocol promises: the result.</li>
 *   <li>404 with one of the registry's own error codes: {@link SchemaNotFoundException}; 409:
 *       {@link IncompatibleSchemaException}; 422 with a registry error code: a plain
 *       {@link SchemaRegistryException}. These are the registry's verdicts on what was asked.</li>
 *   <li>I/O errors, timeouts, 5xx, 408 and 429: retried per {@link RetryPolicy}, within its budget and
 *       behind its circuit breaker, then {@link RegistryUnreachableException}.</li>
 *   <li>Anything else — 401, 403, 400, a 404 without a registry error code, a redirect, a body
 *       that is not the promised JSON — is {@link RegistryConfigurationException}: not a verdict, but a sign
 *       that the URL, the credentials or something in between is wrong.</li>
 * </ul>
 *
 * <p>Credentials go in the {@code Authorization} header only, and only to the configured URL: redirects
 * are not followed. User info in the URL is taken as basic credentials, as Confluent's clients do, and
 * removed from the URL; text quoted from an answer into an exception message is cleared of the request's
 * credentials, since what answers may echo them.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json;q=0.9";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Beyond any budget; a cap so that an absurd Retry-After is no arithmetic overflow. */
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofDays(1);

    private final String baseUrl;
    private final Credentials credentials;
    private final Redaction urlSecrets;
    private final RetryPolicy retryPolicy;
    private final Duration requestTimeout;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final CircuitBreaker breaker;
    private final HttpClient http;

    private RestSchemaRegistryClient(Builder builder, RegistryEndpoint endpoint) {
        this.baseUrl = endpoint.baseUrl();
        this.credentials = builder.credentials != null ? builder.credentials
                : endpoint.userInfoCredentials().orElse(Credentials.none());
        this.urlSecrets = Redaction.of(endpoint.secrets());
        this.retryPolicy = builder.retryPolicy;
        this.requestTimeout = builder.requestTimeout;
        this.clock = builder.clock;
        this.sleeper = builder.sleeper;
        this.random = builder.random;
        this.breaker = new CircuitBreaker(baseUrl, retryPolicy, clock);
        HttpClient.Builder http = HttpClient.newBuilder()
                // HTTP/1.1 as registries and their proxies expect; no h2c upgrade attempts on plain http.
                .version(HttpClient.Version.HTTP_1_1)
                // Each attempt's timeout is cut to the budget left; a connection attempt never outlasts the budget.
                .connectTimeout(builder.connectTimeout.compareTo(retryPolicy.maxWait()) < 0 ? builder.connectTimeout
                        : retryPolicy.maxWait())
                // A redirect would carry the Authorization header to wherever it points, another host
                // included; registries do not redirect, so a redirect is a configuration error.
                .followRedirects(HttpClient.Redirect.NEVER);
        if (builder.sslContext != null) {
            http.sslContext(builder.sslContext);
        }
        this.http = http.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int register(String subject, Schema schema) {
        long deadline = deadline();
        try {
            JsonNode body = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), deadline);
            return id(body, "POST /subjects/" + subject + "/versions");
        } catch (IncompatibleSchemaException e) {
            // Two clients registering a new subject at once: Apicurio answers the loser 409 ("artifact
            // already exists") although the winner registered this very schema. It is known now.
            try {
                return idOf(subject, schema, deadline);
            } catch (SchemaRegistryException lookupFailed) {
                e.addSuppressed(lookupFailed);
                throw e;
            }
        }
    }

    @Override
    public int idOf(String subject, Schema schema) {
        return idOf(subject, schema, deadline());
    }

    private int idOf(String subject, Schema schema, long deadline) {
        return id(send("POST", "/subjects/" + encode(subject), schemaBody(schema), deadline), "POST /subjects/" + subject);
    }

    @Override
    public Schema schemaById(int id) {
        String what = "GET /schemas/ids/" + id;
        return parse(text(send("GET", "/schemas/ids/" + id, null, deadline()), "schema", what), what);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(subject, send("GET", "/subjects/" + encode(subject) + "/versions/latest", null, deadline()),
                "GET /subjects/" + subject + "/versions/latest");
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return registered(subject, send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null, deadline()),
                "GET /subjects/" + subject + "/versions/" + version);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode body = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema), deadline());
            JsonNode compatible = body.path("is_compatible");
            if (!compatible.isBoolean()) {
                throw missing("is_compatible", "POST /compatibility/subjects/" + subject + "/versions/latest");
            }
            return compatible.booleanValue();
        } catch (SchemaNotFoundException e) {
            return true;
        }
    }

    @Override
    public void setCompatibility(String subject, Compatibility compatibility) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", compatibility.name());
        send("PUT", "/config/" + encode(subject), body, deadline());
    }

    @Override
    public Optional<Compatibility> compatibility(String subject) {
        try {
            JsonNode body = send("GET", "/config/" + encode(subject), null, deadline());
            // Confluent answers compatibilityLevel; some servers say compatibility.
            JsonNode level = body.has("compatibilityLevel") ? body.get("compatibilityLevel") : body.path("compatibility");
            return level.isTextual() ? Optional.of(Compatibility.valueOf(level.asText().toUpperCase(Locale.ROOT)))
                    : Optional.empty();
        } catch (SchemaNotFoundException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private RegisteredSchema registered(String subject, JsonNode body, String what) {
        JsonNode version = body.path("version");
        if (!version.canConvertToInt()) {
            throw missing("version", what);
        }
        return new RegisteredSchema(body.path("subject").asText(subject), version.intValue(), id(body, what),
                parse(text(body, "schema", what), what));
    }

    private static int id(JsonNode body, String what) {
        JsonNode id = body.path("id");
        if (!id.isIntegralNumber() || !id.canConvertToInt()) {
            throw missing("id", what);
        }
        return id.intValue();
    }

    private static String text(JsonNode body, String field, String what) {
        JsonNode value = body.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw missing(field, what);
        }
        return value.asText();
    }

    private static RegistryConfigurationException missing(String field, String what) {
        return new RegistryConfigurationException("the answer to " + what + " has no " + field
                + ": not the registry protocol (is the URL the registry's?)", 200, 0, null);
    }

    private Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            // Not attached as the cause: the parser's message may quote the text, which came from the wire.
            throw new RegistryConfigurationException("the answer to " + what + " holds a schema that is not Avro: "
                    + urlSecrets.quote(e.getMessage()), 200, 0, null);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private long deadline() {
        return clock.millis() + retryPolicy.maxWait().toMillis();
    }

    /**
     * Sends one request, retried and bounded as the {@link RetryPolicy} says, and returns the JSON body of a
     * 2xx answer; any other outcome is thrown as the exception its class calls for.
     */
    private JsonNode send(String method, String path, JsonNode body, long deadline) {
        String what = method + " " + baseUrl + path;
        URI uri = URI.create(baseUrl + path);
        for (int attempt = 1; ; attempt++) {
            boolean probe = breaker.acquire(what);
            boolean settled = false;
            try {
                long remaining = deadline - clock.millis();
                if (remaining <= 0) {
                    throw new RegistryUnreachableException(what + " not sent: the budget of "
                            + retryPolicy.maxWait().toMillis() + " ms is spent", 0, null);
                }
                Optional<String> authorization = credentials.authorization();
                Redaction redaction = urlSecrets.and(authorization.map(Redaction::secretsOf).orElse(List.of()));
                HttpRequest request = request(method, uri, body, authorization,
                        Duration.ofMillis(Math.min(requestTimeout.toMillis(), remaining)));
                Failure failure;
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    int status = response.statusCode();
                    if (!isTransient(status)) {
                        breaker.succeeded();
                        settled = true;
                        return answer(what, response, redaction);
                    }
                    failure = new Failure(status, "answered " + status + ": " + redaction.quote(response.body()), null,
                            retryAfter(response));
                } catch (IOException e) {
                    failure = new Failure(0, redaction.quote(e.toString()), e, Duration.ZERO);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryUnreachableException(what + " interrupted", 0, e);
                }
                boolean open = breaker.failed(what + " " + failure.detail(), probe);
                settled = true;
                if (open) {
                    throw failure.unreachable(what + " failed (attempt " + attempt + ") and the circuit is now open");
                }
                if (attempt >= retryPolicy.maxAttempts()) {
                    throw failure.unreachable(what + " failed after " + attempt + " attempt(s)");
                }
                Duration backoff = retryPolicy.backoff(attempt, random);
                boolean asked = failure.retryAfter().compareTo(backoff) > 0;
                Duration wait = asked ? failure.retryAfter() : backoff;
                if (wait.toMillis() >= deadline - clock.millis()) {
                    throw failure.unreachable(what + " gave up after " + attempt + " attempt(s): "
                            + (asked ? "the registry's Retry-After of " : "waiting another ") + wait.toMillis()
                            + " ms would overrun the budget of " + retryPolicy.maxWait().toMillis() + " ms");
                }
                pause(wait, what);
            } finally {
                if (!settled) {
                    breaker.abandoned(probe);
                }
            }
        }
    }

    private static HttpRequest request(String method, URI uri, JsonNode body, Optional<String> authorization,
            Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", ACCEPT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        authorization.ifPresent(value -> request.header("Authorization", value));
        return request.build();
    }

    private static boolean isTransient(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** A transient failure of one attempt. */
    private record Failure(int status, String detail, IOException cause, Duration retryAfter) {

        RegistryUnreachableException unreachable(String message) {
            return new RegistryUnreachableException(message + "; last: " + detail, status, cause);
        }
    }

    /**
     * The wait a 503 or 429 asks for in {@code Retry-After}, in seconds or as an HTTP date, at most a day;
     * zero if none or unreadable.
     */
    private Duration retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::trim);
        if (header.isEmpty() || header.get().isEmpty()) {
            return Duration.ZERO;
        }
        String value = header.get();
        try {
            Duration wait;
            if (value.chars().allMatch(Character::isDigit)) {
                wait = value.length() > 9 ? LONGEST_RETRY_AFTER : Duration.ofSeconds(Long.parseLong(value));
            } else {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                wait = Duration.between(clock.instant(), at);
            }
            return wait.isNegative() ? Duration.ZERO : wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait;
        } catch (DateTimeParseException e) {
            return Duration.ZERO; // unreadable: keep our own backoff
        }
    }

    private void pause(Duration wait, String what) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnreachableException(what + " interrupted while waiting to retry", 0, e);
        }
    }

    /** The JSON of a 2xx answer; any other answer is thrown as the exception it calls for. */
    private static JsonNode answer(String what, HttpResponse<String> response, Redaction redaction) {
        int status = response.statusCode();
        String text = response.body();
        if (status < 200 || status >= 300) {
            throw refusal(what, response, redaction);
        }
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            // Not attached as the cause: the parser's message quotes the body.
            String type = response.headers().firstValue("Content-Type").orElse("no content type");
            throw new RegistryConfigurationException(what + " answered " + status + " with a body that is not JSON ("
                    + type + "; a proxy or login page?): " + redaction.quote(text), status, 0, null);
        }
    }

    /** What a non-2xx answer means: a verdict of the registry, or a sign of misconfiguration. */
    private static SchemaRegistryException refusal(String what, HttpResponse<String> response, Redaction redaction) {
        int status = response.statusCode();
        String text = response.body();
        int errorCode = 0;
        String message = text;
        try {
            JsonNode error = JSON.readTree(text);
            if (error != null && error.path("error_code").canConvertToInt()) {
                errorCode = error.path("error_code").intValue();
                message = error.path("message").asText(text);
            }
        } catch (IOException | RuntimeException e) {
            // Not a registry's error body (e.g. a proxy's page): keep the raw text.
        }
        String full = what + " answered " + status + (errorCode != 0 ? " (error " + errorCode + ")" : "") + ": "
                + redaction.quote(message);
        // The registry's own error codes extend the status: 40403 for a 404, 42201 for a 422.
        boolean registrysOwn = errorCode / 100 == status;
        if (status == 404 && registrysOwn) {
            return new SchemaNotFoundException(full, errorCode);
        }
        if (status == 409) {
            return new IncompatibleSchemaException(full, errorCode);
        }
        if (status == 422 && registrysOwn) {
            return new SchemaRegistryException(full, status, errorCode, null);
        }
        String hint = switch (status) {
            case 401, 403 -> " (check the registry credentials: basic.auth.user.info or schema.registry.basic.auth.user.info, or the user info in schema.registry.url)";
            case 404 -> " (no registry error code: is the URL the registry's?)";
            default -> status >= 300 && status < 400 ? " (a redirect, not followed so that credentials stay here, to "
                    + response.headers().firstValue("Location").map(RegistryEndpoint::withoutUserInfo)
                            .map(redaction::apply).orElse("nowhere") + ")" : "";
        };
        return new RegistryConfigurationException(full + hint, status, errorCode, null);
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient[" + baseUrl + "]";
    }

    /** Configures a {@link RestSchemaRegistryClient}; the URL is required. */
    public static final class Builder {

        private String url;
        private Credentials credentials;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private SSLContext sslContext;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();

        private Builder() {}

        /**
         * The registry's base URL, the one Confluent clients call {@code schema.registry.url}, e.g.
         * {@code http://127.0.0.1:8081} or, for Apicurio, {@code http://127.0.0.1:8080/apis/ccompat/v7}. User
         * info ({@code http://user:password@host:8081}) is sent as basic credentials unless
         * {@link #optCredentials} says otherwise, and never shown.
         */
        public Builder setUrl(String url) {
            this.url = Objects.requireNonNull(url, "url").trim();
            return this;
        }

        /** What to send in the Authorization header; takes precedence over user info in the URL. */
        public Builder optCredentials(Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        public Builder optRetryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        public Builder optConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** The time limit of one attempt; the retry budget may cut it shorter. */
        public Builder optRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /** TLS settings other than the JVM's defaults, e.g. a private trust store. */
        public Builder optSslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** The clock that budgets, {@code Retry-After} dates and the circuit breaker go by; the system's by default. */
        public Builder optClock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How to wait between attempts; {@link Sleeper#system()} by default. */
        public Builder optSleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Where the backoff jitter comes from; thread-local randomness by default. */
        public Builder optRandom(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public RestSchemaRegistryClient build() {
            if (url == null || url.isEmpty()) {
                throw new IllegalStateException("setUrl is required");
            }
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
            }
            return new RestSchemaRegistryClient(this, RegistryEndpoint.parse(url));
        }
    }
}
