package io.glimpse.deploy.secure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry behind HTTP basic authentication, for tests: a small reverse proxy in front of a real
 * registry that answers 401 unless the request carries the one accepted user and password, and
 * forwards everything else unchanged. It exists because Apicurio 2.4 authenticates only through
 * Keycloak (OIDC); a Confluent-style registry behind basic auth is usually just this, a gateway.
 */
public final class BasicAuthProxy implements AutoCloseable {

    private static final List<String> FORWARDED = List.of("Content-Type", "Accept");

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final URI target;
    private final byte[] expected;
    private final AtomicInteger refused = new AtomicInteger();

    private BasicAuthProxy(HttpServer server, ExecutorService executor, URI target, String user, String password) {
        this.server = server;
        this.executor = executor;
        this.target = target;
        this.expected = ("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Starts a proxy on a free loopback port.
     *
     * @param targetUrl the registry's URL, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}
     * @param user the accepted user
     * @param password its password
     * @return the running proxy
     */
    public static BasicAuthProxy start(String targetUrl, String user, String password) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "basic-auth-proxy");
            t.setDaemon(true);
            return t;
        });
        BasicAuthProxy proxy = new BasicAuthProxy(server, executor, URI.create(targetUrl), user, password);
        server.createContext("/", proxy::handle);
        server.setExecutor(executor);
        server.start();
        return proxy;
    }

    /** The proxy's URL for the target's path: what {@code schema.registry.url} is set to. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + target.getRawPath();
    }

    /** Requests answered 401 so far. */
    public int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null
                    || !MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
                refused.incrementAndGet();
                byte[] body = "{\"error_code\":401,\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            forward(exchange);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        URI to = URI.create(target.getScheme() + "://" + target.getRawAuthority() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(to).timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : FORWARDED) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
            return;
        } catch (IOException e) {
            exchange.sendResponseHeaders(502, -1);
            return;
        }
        response.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
