package io.glimpse.clients.view;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The live view as one thing to start and stop: a {@link ViewState}, the {@link TopicReader} that
 * fills it and the {@link ViewServer} that shows it. Used by {@code glimpse view} and by the demo.
 */
public final class LiveView implements AutoCloseable {

    private final ViewState state;
    private final TopicReader reader;
    private final ViewServer server;

    private LiveView(ViewState state, TopicReader reader, ViewServer server) {
        this.state = state;
        this.reader = reader;
        this.server = server;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the page's address.
     *
     * @return e.g. {@code http://127.0.0.1:8080/}
     */
    public String url() {
        InetSocketAddress a = server.address();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/";
    }

    /**
     * Returns the state, for tests and embedding.
     *
     * @return the state
     */
    public ViewState state() {
        return state;
    }

    /**
     * Waits until the reader found every topic and stands at its end, so that records produced from
     * now on are shown.
     *
     * @param timeout how long to wait at most
     * @return whether it did in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitReading(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (reader.assignedTopics().size() < 3) {
            if (System.nanoTime() > deadline || !reader.isAlive()) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * Returns the topics being read so far.
     *
     * @return names
     */
    public Set<String> readingTopics() {
        return reader.assignedTopics();
    }

    /** Stops the server, then the reader. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            reader.close();
        }
    }

    /** Configures a {@link LiveView}. */
    public static final class Builder {
        private final Map<String, Object> client = new HashMap<>();
        private ViewTopics topics = ViewTopics.DEFAULTS;
        private String bind = "127.0.0.1";
        private int port = 8080;
        private Duration minInterval = Duration.ofMillis(200);
        private final ViewState.Builder state = ViewState.builder();

        private Builder() {}

        /**
         * Sets the servers.
         *
         * @param bootstrapServers the broker
         * @param registryUrl the schema registry
         * @return this builder
         */
        public Builder setServers(String bootstrapServers, String registryUrl) {
            client.put("bootstrap.servers", bootstrapServers);
            client.put("schema.registry.url", registryUrl);
            return this;
        }

        /**
         * Adds Kafka client or registry properties (security settings, say).
         *
         * @param properties the properties
         * @return this builder
         */
        public Builder optClientProperties(Map<String, ?> properties) {
            client.putAll(properties);
            return this;
        }

        /**
         * Sets the topics (default the app's defaults).
         *
         * @param topics the names
         * @return this builder
         */
        public Builder optTopics(ViewTopics topics) {
            this.topics = topics;
            return this;
        }

        /**
         * Sets the address to listen on (default 127.0.0.1: only this machine sees the page).
         *
         * @param bind a host name or address
         * @return this builder
         */
        public Builder optBind(String bind) {
            this.bind = bind;
            return this;
        }

        /**
         * Sets the port (default 8080; 0 picks a free one).
         *
         * @param port the port
         * @return this builder
         */
        public Builder optPort(int port) {
            this.port = port;
            return this;
        }

        /**
         * Sets the most updates one page gets per second (default 5).
         *
         * @param perSecond at least 1
         * @return this builder
         */
        public Builder optMaxUpdatesPerSecond(int perSecond) {
            if (perSecond < 1) {
                throw new IllegalArgumentException("updates per second must be at least 1: " + perSecond);
            }
            this.minInterval = Duration.ofMillis(1000 / perSecond);
            return this;
        }

        /**
         * Sets the latency objective drawn on the chart (default 250 ms).
         *
         * @param sloMillis milliseconds
         * @return this builder
         */
        public Builder optSloMillis(long sloMillis) {
            state.optSloMillis(sloMillis);
            return this;
        }

        /**
         * Sets the seconds the charts span (default 180).
         *
         * @param windowSeconds at least 2
         * @return this builder
         */
        public Builder optWindowSeconds(int windowSeconds) {
            state.optWindowSeconds(windowSeconds);
            return this;
        }

        /**
         * Starts reading and serving.
         *
         * @return the running view
         * @throws IOException if the address cannot be bound
         */
        public LiveView start() throws IOException {
            if (!client.containsKey("bootstrap.servers") || !client.containsKey("schema.registry.url")) {
                throw new IllegalArgumentException("bootstrap.servers and schema.registry.url are required");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            ViewState viewState = state.build();
            ViewServer server = ViewServer.start(viewState, minInterval,
                    new InetSocketAddress(InetAddress.getByName(bind), port));
            try {
                return new LiveView(viewState, TopicReader.start(client, topics, viewState), server);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
    }
}
