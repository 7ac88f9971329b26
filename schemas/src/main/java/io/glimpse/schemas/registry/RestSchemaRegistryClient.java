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
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistryClient} over the Confluent REST protocol with {@link HttpClient}. Each call is one
 * request, retried per {@link RetryPolicy} on I/O errors and 5xx answers; nothing is cached (wrap it in a
 * {@link CachingSchemaRegistryClient} for that). HTTPS uses the JVM's TLS settings
 * ({@code javax.net.ssl.trustStore} and friends) unless {@link Builder#optSslContext} says otherwise.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json;q=0.9";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final Credentials credentials;
    private final RetryPolicy retryPolicy;
    private final Duration requestTimeout;
    private final HttpClient http;

    private RestSchemaRegistryClient(Builder builder) {
        String url = builder.url.endsWith("/") ? builder.url.substring(0, builder.url.length() - 1) : builder.url;
        this.baseUrl = URI.create(url);
        this.credentials = builder.credentials;
        this.retryPolicy = builder.retryPolicy;
        this.requestTimeout = builder.requestTimeout;
        HttpClient.Builder http = HttpClient.newBuilder()
                // HTTP/1.1 as registries and their proxies expect; no h2c upgrade attempts on plain http.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(builder.connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL);
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
        try {
            JsonNode body = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
            return body.path("id").asInt();
        } catch (IncompatibleSchemaException e) {
            // Two clients registering a new subject at once: Apicurio answers the loser 409 ("artifact
            // already exists") although the winner registered this very schema. It is known now.
            try {
                return idOf(subject, schema);
            } catch (SchemaRegistryException lookupFailed) {
                e.addSuppressed(lookupFailed);
                throw e;
            }
        }
    }

    @Override
    public int idOf(String subject, Schema schema) {
        JsonNode body = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        return body.path("id").asInt();
    }

    @Override
    public Schema schemaById(int id) {
        return parse(send("GET", "/schemas/ids/" + id, null).path("schema").asText());
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(subject, send("GET", "/subjects/" + encode(subject) + "/versions/latest", null));
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return registered(subject, send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null));
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode body = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema));
            return body.path("is_compatible").asBoolean(false);
        } catch (SchemaNotFoundException e) {
            return true;
        }
    }

    @Override
    public void setCompatibility(String subject, Compatibility compatibility) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", compatibility.name());
        send("PUT", "/config/" + encode(subject), body);
    }

    @Override
    public Optional<Compatibility> compatibility(String subject) {
        try {
            JsonNode body = send("GET", "/config/" + encode(subject), null);
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

    private static RegisteredSchema registered(String subject, JsonNode body) {
        return new RegisteredSchema(body.path("subject").asText(subject), body.path("version").asInt(),
                body.path("id").asInt(), parse(body.path("schema").asText()));
    }

    private static Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("the registry returned a schema that is not Avro: " + e.getMessage(),
                    200, 0, e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends one request with retries and returns the JSON body of a 2xx answer; maps failures to exceptions. */
    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        String what = method + " " + baseUrl + path;
        for (int attempt = 1; ; attempt++) {
            credentials.authorization().ifPresent(value -> request.setHeader("Authorization", value));
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (attempt >= retryPolicy.maxAttempts()) {
                    throw new RegistryUnreachableException(what + " failed after " + attempt + " attempt(s): " + e, 0, e);
                }
                pause(attempt, what);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnreachableException(what + " interrupted", 0, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return readJson(response.body(), what, status);
            }
            if (status >= 500 || status == 429) {
                if (attempt >= retryPolicy.maxAttempts()) {
                    throw new RegistryUnreachableException(what + " answered " + status + " after " + attempt
                            + " attempt(s): " + response.body(), status, null);
                }
                pause(attempt, what);
                continue;
            }
            throw failure(what, status, response.body());
        }
    }

    private void pause(int attempt, String what) {
        try {
            Thread.sleep(retryPolicy.backoff(attempt).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnreachableException(what + " interrupted while waiting to retry", 0, e);
        }
    }

    private static JsonNode readJson(String text, String what, int status) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new SchemaRegistryException(what + " answered " + status + " with a body that is not JSON: " + text,
                    status, 0, e);
        }
    }

    private static SchemaRegistryException failure(String what, int status, String text) {
        int errorCode = 0;
        String message = text;
        try {
            JsonNode error = JSON.readTree(text);
            errorCode = error.path("error_code").asInt(0);
            message = error.path("message").asText(text);
        } catch (IOException | RuntimeException e) {
            // Not a Confluent error body (e.g. a proxy's page): keep the raw text.
        }
        String full = what + " answered " + status + (errorCode != 0 ? " (error " + errorCode + ")" : "") + ": " + message;
        return switch (status) {
            case 404 -> new SchemaNotFoundException(full, errorCode);
            case 409 -> new IncompatibleSchemaException(full, errorCode);
            default -> new SchemaRegistryException(full, status, errorCode, null);
        };
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient[" + baseUrl + "]";
    }

    /** Configures a {@link RestSchemaRegistryClient}; the URL is required. */
    public static final class Builder {

        private String url;
        private Credentials credentials = Credentials.none();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private SSLContext sslContext;

        private Builder() {}

        /**
         * The registry's base URL, the one Confluent clients call {@code schema.registry.url}, e.g.
         * {@code http://127.0.0.1:8081} or, for Apicurio, {@code http://127.0.0.1:8080/apis/ccompat/v7}.
         */
        public Builder setUrl(String url) {
            this.url = Objects.requireNonNull(url, "url").trim();
            return this;
        }

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

        /** The time limit of one attempt. */
        public Builder optRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /** TLS settings other than the JVM's defaults, e.g. a private trust store. */
        public Builder optSslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        public RestSchemaRegistryClient build() {
            if (url == null || url.isEmpty()) {
                throw new IllegalStateException("setUrl is required");
            }
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("the registry URL must be http or https: " + url);
            }
            return new RestSchemaRegistryClient(this);
        }
    }
}
