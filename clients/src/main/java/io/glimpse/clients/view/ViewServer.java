package io.glimpse.clients.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves the page with the JDK's HTTP server: the static files, {@code /events} (Server-Sent Events
 * with the latest {@link ViewSnapshot} as JSON, at most one per {@code minInterval} and only when
 * something changed; {@code ?updates=N} ends the stream after N), {@code /state} (the same JSON once) and {@code /frame/<streamId>} (the picture
 * of the camera's latest result). GET only: nothing on the page can change the application.
 * Snapshots are serialised once per state version, whatever the number of pages.
 */
public final class ViewServer implements AutoCloseable {

    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/index.html", "index.html", "/view.js", "view.js", "/view.css", "view.css");
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);

    private final ViewState state;
    private final Duration minInterval;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean running = true;
    private long cachedVersion = -1;
    private byte[] cachedJson;

    private ViewServer(ViewState state, Duration minInterval, InetSocketAddress address) throws IOException {
        this.state = state;
        this.minInterval = minInterval;
        this.server = HttpServer.create(address, 64);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "glimpse-view-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Starts serving.
     *
     * @param state what to show
     * @param minInterval least time between two updates of one page, e.g. 200 ms
     * @param address where to listen; port 0 picks a free one
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static ViewServer start(ViewState state, Duration minInterval, InetSocketAddress address) throws IOException {
        ViewServer server = new ViewServer(state, minInterval, address);
        server.server.start();
        return server;
    }

    /**
     * Returns where the server listens.
     *
     * @return the bound address, with the actual port
     */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops serving; open event streams end. */
    @Override
    public void close() {
        running = false;
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (STATIC.containsKey(path)) {
                serveResource(exchange, STATIC.get(path));
            } else if (path.equals("/events")) {
                streamEvents(exchange);
            } else if (path.equals("/state")) {
                send(exchange, 200, "application/json", snapshotJson());
            } else if (path.startsWith("/frame/")) {
                serveFrame(exchange, URLDecoder.decode(path.substring("/frame/".length()), StandardCharsets.UTF_8));
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The browser went away.
        }
    }

    private void serveResource(HttpExchange exchange, String name) throws IOException {
        try (InputStream in = ViewServer.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "missing resource\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                    : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    private void serveFrame(HttpExchange exchange, String streamId) throws IOException {
        Optional<FrameImage> image;
        try {
            image = state.image(streamId);
        } catch (IllegalArgumentException e) {
            image = Optional.empty();
        }
        if (image.isEmpty()) {
            send(exchange, 404, "text/plain; charset=utf-8", "no picture\n".getBytes(StandardCharsets.UTF_8));
        } else {
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            send(exchange, 200, image.get().contentType(), image.get().bytes());
        }
    }

    private void streamEvents(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        UpdatePacer pacer = new UpdatePacer(minInterval);
        long lastWrite = System.nanoTime();
        long tick = Math.max(10, Math.min(50, minInterval.toMillis() / 4));
        long left = updatesLimit(exchange.getRequestURI().getQuery());
        try {
            while (running && left > 0) {
                long now = System.nanoTime();
                if (pacer.shouldSend(displayVersion(), now)) {
                    out.write("data: ".getBytes(StandardCharsets.UTF_8));
                    out.write(snapshotJson());
                    out.write("\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = now;
                    left--;
                } else if (now - lastWrite > HEARTBEAT.toNanos()) {
                    out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = now;
                }
                Thread.sleep(Math.max(tick, TimeUnit.NANOSECONDS.toMillis(pacer.nanosUntilAllowed(System.nanoTime()))));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The latest snapshot as JSON, serialised once per state version. */
    byte[] snapshotJson() throws IOException {
        long version = displayVersion();
        synchronized (this) {
            if (version != cachedVersion || cachedJson == null) {
                cachedJson = json.writeValueAsBytes(state.snapshot(System.currentTimeMillis()));
                cachedVersion = version;
            }
            return cachedJson;
        }
    }

    /**
     * Reads {@code updates=N}: the stream ends after N updates (the browser reconnects). Headless
     * browsers wait for open connections before their virtual time moves on; a finite stream lets them.
     */
    static long updatesLimit(String query) {
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("updates=")) {
                    try {
                        return Math.max(1, Long.parseLong(part.substring("updates=".length())));
                    } catch (NumberFormatException e) {
                        return Long.MAX_VALUE;
                    }
                }
            }
        }
        return Long.MAX_VALUE;
    }

    /** Changes with the state and with each new second, so that the charts move on in quiet times too. */
    private long displayVersion() {
        return state.version() * 1_000_003L + System.currentTimeMillis() / 1000;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }
}
