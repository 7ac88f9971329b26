package io.glimpse.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real KRaft broker as its own process ({@code kafka.Kafka server.properties}, after
 * {@code kafka-storage format --standalone}), run from this JVM's class path. A process so that it can be
 * killed and restarted on the same data directory — the demo's broker survives restarts of everything
 * else, and crash tests kill it mid-stream.
 *
 * <p>The data directory keeps the log, the generated {@code server.properties} and the ports: the
 * controller's address is written into the KRaft metadata at format time, so a restart must reuse it.
 */
public final class KafkaBrokerProcess implements KafkaServer {

    private static final String PORTS_FILE = "glimpse-ports.properties";
    /** The broker's own logging configuration (a class-path resource): its INFO lines, to broker.log. */
    static final String BROKER_LOGGING = "io/glimpse/deploy/broker-logback.xml";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final Duration startTimeout;
    private JavaProcess process;

    private KafkaBrokerProcess(Builder builder) throws IOException {
        this.dataDir = builder.dataDir.toAbsolutePath();
        Files.createDirectories(dataDir);
        Properties saved = readPorts(dataDir.resolve(PORTS_FILE));
        this.port = builder.port > 0 ? builder.port
                : Integer.parseInt(saved.getProperty("broker", Integer.toString(FreePorts.pick())));
        int savedController = Integer.parseInt(saved.getProperty("controller", "0"));
        this.controllerPort = savedController > 0 ? savedController : FreePorts.orPick(builder.controllerPort);
        this.overrides = Map.copyOf(builder.overrides);
        this.startTimeout = builder.startTimeout;
        Properties ports = new Properties();
        ports.setProperty("broker", Integer.toString(port));
        ports.setProperty("controller", Integer.toString(controllerPort));
        try (Writer out = Files.newBufferedWriter(dataDir.resolve(PORTS_FILE))) {
            ports.store(out, "Ports of the Glimpse broker in this directory; the controller port must not change");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the log directory if it is new, starts the broker and returns once it answers a metadata
     * request. Can be called again after {@link #close()} or {@link #kill()}: the broker restarts on the
     * same data and ports.
     */
    public synchronized KafkaBrokerProcess start() throws IOException, InterruptedException, TimeoutException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running: " + process);
        }
        Path config = writeServerProperties();
        Path log = log();
        List<String> jvm = List.of("-Xms128m", "-Xmx1g",
                "-Dlogback.configurationFile=" + BROKER_LOGGING,
                "-cp", System.getProperty("java.class.path"));
        if (!Files.exists(logDir().resolve("meta.properties"))) {
            JavaProcess.run("kafka-storage format", jvm, List.of("kafka.tools.StorageTool", "format", "--standalone",
                    "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString()), log,
                    Duration.ofMinutes(2));
        }
        process = JavaProcess.start("kafka broker", jvm, List.of("kafka.Kafka", config.toString()), Map.of(), log);
        try {
            awaitReady();
        } catch (RuntimeException | TimeoutException | InterruptedException e) {
            process.close();
            throw e;
        }
        return this;
    }

    /**
     * Waits for the port to accept connections before asking the broker anything: an admin client
     * started earlier logs a warning for each refused connection, a screenful while the broker boots.
     */
    private void awaitReady() throws TimeoutException, InterruptedException {
        String what = "kafka broker on port " + port + " (log " + process.log() + ")";
        Await.until(what, startTimeout, process::isAlive, () -> listens(port));
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(config)) {
            Await.until(what, startTimeout, process::isAlive, () -> answers(admin));
        }
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answers(Admin admin) {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get().isEmpty();
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Path writeServerProperties() throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        config.put("log.dirs", logDir().toString());
        config.put("num.partitions", "1");
        config.putAll(EmbeddedKafka.SINGLE_NODE);
        config.putAll(overrides);
        Properties properties = new Properties();
        properties.putAll(config);
        Path file = dataDir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "Written by Glimpse's KafkaBrokerProcess at every start");
        }
        return file;
    }

    private Path logDir() {
        return dataDir.resolve("kafka-logs");
    }

    private static Properties readPorts(Path file) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            }
        }
        return properties;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The file the broker's output goes to, kept across restarts: where to look when it fails. */
    public Path log() {
        return dataDir.resolve("broker.log");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The broker's process id, for tools that must signal it; fails if it is not running. */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("the broker is not running");
        }
        return process.pid();
    }

    /** Kills the broker with SIGKILL, as a crash would: nothing is flushed, no shutdown hook runs. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.kill();
        }
    }

    /** Stops the broker gracefully (SIGTERM: controlled shutdown, logs flushed). */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }

    /** Configures a {@link KafkaBrokerProcess}; only the data directory is required. */
    public static final class Builder {

        private Path dataDir;
        private int port;
        private int controllerPort;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(90);

        private Builder() {}

        /** Where the broker keeps its log, configuration, ports and output ({@code broker.log}). */
        public Builder setDataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The client port; 0 (the default) reuses the directory's last port or picks a free one. */
        public Builder optPort(int port) {
            this.port = port;
            return this;
        }

        /** The controller port of a new directory; an existing directory keeps the one it was formatted with. */
        public Builder optControllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Sets a broker property, overriding Glimpse's one-node defaults. */
        public Builder optProperty(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder optStartTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        public KafkaBrokerProcess build() throws IOException {
            if (dataDir == null) {
                throw new IllegalStateException("setDataDir is required");
            }
            if (port < 0 || port > 65535 || controllerPort < 0 || controllerPort > 65535) {
                throw new IllegalArgumentException("port out of range");
            }
            return new KafkaBrokerProcess(this);
        }
    }
}
