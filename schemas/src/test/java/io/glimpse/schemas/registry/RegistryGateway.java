package io.glimpse.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP gateway in front of the real registry, as an API gateway or load balancer would stand in
 * production: it forwards every request to the registry and back, and can be told to demand an
 * {@code Authorization} header or to answer the next few requests with a server error. It counts and
 * records what passes, so tests can see what the client really sent. It is no stand-in for the registry:
 * every answer a client accepts comes from the registry itself.
 */
public final class RegistryGateway implements AutoCloseable {

    private final HttpServer server;
    private final String upstream;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int failureStatus = 503;
    private volatile String requiredAuthorization;

    private RegistryGateway(String upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a gateway to the registry at {@code upstreamUrl} (the Confluent base URL). */
    public static RegistryGateway to(String upstreamUrl) throws IOException {
        return new RegistryGateway(upstreamUrl);
    }

    /** The gateway's base URL, to give to clients instead of the registry's. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next {@code count} requests with {@code status} instead of forwarding them. */
    public void failNext(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    /** Answers 401 to any request whose Authorization header is not exactly {@code value}. */
    public void requireAuthorization(String value) {
        requiredAuthorization = value;
    }

    /** Requests forwarded to the registry so far. */
    public int forwarded() {
        return forwarded.get();
    }

    /** The Authorization header of every request received, "" where there was none. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
            authorizations.add(authorization);
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(exchange, failureStatus, "{\"error_code\":" + failureStatus + "00,\"message\":\"injected\"}");
                return;
            }
            if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
                respond(exchange, 401, "{\"error_code\":40101,\"message\":\"unauthorized\"}");
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
                    .ifPresent(type -> request.header("Content-Type", type));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            forwarded.incrementAndGet();
            respond(exchange, response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
