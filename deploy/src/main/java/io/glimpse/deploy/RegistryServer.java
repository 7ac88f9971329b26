package io.glimpse.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Apicurio Registry 2.4.2 as a child process, bound to 127.0.0.1, speaking the Confluent schema-registry
 * API under {@value #CCOMPAT_PATH}. A process, not a library: the registry is a Quarkus application whose
 * dependencies (Kafka 2.8 clients among them) must not meet Glimpse's class path.
 *
 * <p>Storage is in memory unless {@link Builder#optStorageDir} names a directory, where an H2 file
 * database then keeps schemas and ids across restarts.
 */
public final class RegistryServer implements AutoCloseable {

    /** Where the Confluent-compatible API lives on an Apicurio 2.x server. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private final int port;
    private final Path storageDir;
    private final Path logFile;
    private final Path jar;
    private final Duration startTimeout;
    private JavaProcess process;

    private RegistryServer(Builder builder) {
        this.port = FreePorts.orPick(builder.port);
        this.storageDir = builder.storageDir;
        this.logFile = builder.logFile != null ? builder.logFile
                : Path.of(System.getProperty("java.io.tmpdir"), "glimpse-registry-" + port + ".log");
        this.jar = builder.jar != null ? builder.jar : RegistryJar.locate();
        this.startTimeout = builder.startTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the process and returns once the Confluent API answers. Can be called again after
     * {@link #close()}: the registry comes back on the same port, and with a storage directory, with
     * the same schemas and ids (an outage, as clients see one).
     */
    public synchronized RegistryServer start() throws IOException, InterruptedException, TimeoutException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running: " + process);
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("HTTP_PORT", Integer.toString(port));
        if (storageDir != null) {
            Files.createDirectories(storageDir);
            environment.put("REGISTRY_DATASOURCE_URL",
                    "jdbc:h2:file:" + storageDir.toAbsolutePath().resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE");
        }
        List<String> jvm = List.of(
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.min-size=1",
                "-Dquarkus.datasource.jdbc.initial-size=1",
                "-jar", jar.toString());
        process = JavaProcess.start("schema registry", jvm, List.of(), environment, logFile);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/subjects"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            Await.until("schema registry on port " + port + " (log " + logFile + ")", startTimeout, process::isAlive,
                    () -> Await.answersOk(http, probe));
        } catch (RuntimeException | TimeoutException | InterruptedException e) {
            close();
            throw e;
        }
        return this;
    }

    /** The registry's Confluent-compatible base URL, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}. */
    public String url() {
        return "http://127.0.0.1:" + port + CCOMPAT_PATH;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The registry's process id, for tools that pin or signal it; fails if it is not running. */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("the schema registry is not running");
        }
        return process.pid();
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }

    /** Configures a {@link RegistryServer}; every setting is optional. */
    public static final class Builder {

        private int port;
        private Path storageDir;
        private Path logFile;
        private Path jar;
        private Duration startTimeout = Duration.ofSeconds(90);

        private Builder() {}

        /** The HTTP port; 0 (the default) picks a free one. */
        public Builder optPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Keeps schemas in an H2 file database in this directory instead of in memory. */
        public Builder optStorageDir(Path storageDir) {
            this.storageDir = storageDir;
            return this;
        }

        /** Where the registry's output goes; a file in the temporary directory by default. */
        public Builder optLogFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** The runner jar; {@link RegistryJar#locate()} by default. */
        public Builder optJar(Path jar) {
            this.jar = jar;
            return this;
        }

        public Builder optStartTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        public RegistryServer build() {
            return new RegistryServer(this);
        }
    }
}
