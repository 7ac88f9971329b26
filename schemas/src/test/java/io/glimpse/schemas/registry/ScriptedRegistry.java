package io.glimpse.schemas.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * A real HTTP server on 127.0.0.1 that answers what a test scripts: the answers a registry, a proxy in
 * front of it or a wrong URL can give, which the real registry cannot be made to give on demand (a 408, an
 * HTML login page, a 404 without the registry's error code). Answers are taken from a queue, then from a
 * standing answer; every request is recorded.
 */
public final class ScriptedRegistry implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer; {@link #hang()} never answers until the server closes. */
    public record Answer(int status, String contentType, String body, Map<String, String> headers,
            CountDownLatch release) {

        public static Answer json(int status, String body) {
            return new Answer(status, "application/vnd.schemaregistry.v1+json", body, Map.of(), null);
        }

        public static Answer text(int status, String contentType, String body) {
            return new Answer(status, contentType, body, Map.of(), null);
        }

        /** A Confluent error body: {@code {"error_code":…,"message":…}}. */
        public static Answer error(int status, int errorCode, String message) {
            return json(status, JSON.createObjectNode().put("error_code", errorCode).put("message", message).toString());
        }

        /** The answer to {@code GET /schemas/ids/{id}} for {@code schema}. */
        public static Answer schema(Schema schema) {
            return json(200, JSON.createObjectNode().put("schema", schema.toString()).toString());
        }

        /** Holds the request open, answering nothing, until {@code release} opens or the server closes. */
        public static Answer hang(CountDownLatch release) {
            return new Answer(0, null, null, Map.of(), release);
        }

        /** Holds the request open until the server closes. */
        public static Answer hang() {
            return hang(new CountDownLatch(1));
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, contentType, body, Map.copyOf(more), release);
        }

        /** The same answer, given once {@code latch} opens. */
        public Answer after(CountDownLatch latch) {
            return new Answer(status, contentType, body, headers, latch);
        }
    }

    /** What a client sent: method, path and query, and its Authorization header ("" for none). */
    public record Request(String method, String path, String authorization) {}

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Queue<Function<Request, Answer>> next = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<CountDownLatch> held = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Answer> standing = request -> Answer.error(500, 50001, "nothing scripted");

    private ScriptedRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    public static ScriptedRegistry start() {
        return new ScriptedRegistry();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The port, for URLs a test writes itself (e.g. with user info). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Queues answers for the next requests, in order. */
    public ScriptedRegistry answerNext(Answer... answers) {
        for (Answer answer : answers) {
            next.add(request -> answer);
        }
        return this;
    }

    /** Answers every request not covered by the queue with {@code answer}. */
    public ScriptedRegistry answerAlways(Answer answer) {
        return answerAlways(request -> answer);
    }

    /** Answers every request not covered by the queue with what {@code answer} makes of it. */
    public ScriptedRegistry answerAlways(Function<Request, Answer> answer) {
        standing = answer;
        return this;
    }

    /** Every request received so far. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse(""));
            requests.add(request);
            Function<Request, Answer> scripted = next.poll();
            Answer answer = (scripted != null ? scripted : standing).apply(request);
            if (answer.release() != null) {
                awaitEither(answer.release());
                if (answer.status() == 0 || closed.getCount() == 0) {
                    return;
                }
            }
            byte[] body = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** Waits until {@code release} opens; {@link #close} opens every latch still held. */
    private void awaitEither(CountDownLatch release) {
        held.add(release);
        if (closed.getCount() == 0) {
            release.countDown();
        }
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        held.forEach(CountDownLatch::countDown);
        server.stop(0);
        handlers.shutdownNow();
    }
}
