package io.glimpse.streams.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Serves a Prometheus registry's scrape at {@code /metrics}, and the probes of orchestrators:
 * {@code /healthz} (200 while the process can answer at all: liveness) and {@code /readyz} (200 when
 * the instance is doing its work, else 503 with the reason: readiness), with the JDK's own HTTP
 * server. One port for all three, so a pod or container exposes one.
 */
public final class PrometheusEndpoint implements AutoCloseable {

    /** Path of the scrape. */
    public static final String METRICS_PATH = "/metrics";
    /** Path of the liveness probe. */
    public static final String HEALTH_PATH = "/healthz";
    /** Path of the readiness probe. */
    public static final String READY_PATH = "/readyz";

    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;

    private PrometheusEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving, always ready: for a registry without an application behind it.
     *
     * @param registry the registry to scrape
     * @param port the port, 0 for any free one
     * @return the running endpoint
     * @throws IOException if the port cannot be bound
     */
    public static PrometheusEndpoint start(PrometheusMeterRegistry registry, int port) throws IOException {
        return start(registry, port, Readiness.ALWAYS);
    }

    /**
     * Starts serving.
     *
     * @param registry the registry to scrape
     * @param port the port, 0 for any free one
     * @param readiness what {@code /readyz} answers by
     * @return the running endpoint
     * @throws IOException if the port cannot be bound
     */
    public static PrometheusEndpoint start(PrometheusMeterRegistry registry, int port, Readiness readiness)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext(METRICS_PATH, exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext(HEALTH_PATH, exchange -> respond(exchange, 200, TEXT, "ok\n"));
        server.createContext(READY_PATH, exchange -> {
            Optional<String> reason;
            try {
                reason = readiness.notReadyReason();
            } catch (RuntimeException e) {
                reason = Optional.of("readiness check failed: " + e);
            }
            if (reason.isPresent()) {
                respond(exchange, 503, TEXT, "not ready: " + reason.get().replace('\n', ' ') + "\n");
            } else {
                respond(exchange, 200, TEXT, "ready\n");
            }
        });
        server.start();
        return new PrometheusEndpoint(server);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        server.stop(0);
    }
}
