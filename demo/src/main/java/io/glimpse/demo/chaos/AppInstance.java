package io.glimpse.demo.chaos;

import io.glimpse.deploy.Await;
import io.glimpse.deploy.JavaProcess;
import io.glimpse.streams.metrics.PrometheusEndpoint;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Glimpse instance as its own process ({@code glimpse app run --config FILE}), as production runs
 * it: it can be killed with SIGKILL, frozen with SIGSTOP and restarted on the same state directory.
 * Its output is appended to one log per instance across restarts.
 */
public final class AppInstance implements AutoCloseable {

    private final String name;
    private final Path configFile;
    private final Path log;
    private final int metricsPort;
    private final List<String> jvmArgs;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private JavaProcess process;
    private int starts;

    /**
     * Prepares an instance with a small fixed heap and one engine thread, so that several fit on one
     * machine; nothing runs until {@link #start()}.
     *
     * @param name a short name, also its {@code glimpse.instance.id}
     * @param settings its complete settings, written to a file in {@code dir}
     * @param metricsPort the port of its {@code /metrics}, {@code /readyz} endpoint (also in settings)
     * @param heap the JVM's maximum heap, e.g. {@code 512m}
     * @param dir where its settings and log go
     * @throws IOException if the settings cannot be written
     */
    public AppInstance(String name, Properties settings, int metricsPort, String heap, Path dir) throws IOException {
        this(name, settings, metricsPort, List.of("-Xms128m", "-Xmx" + heap, "-XX:+UseSerialGC"), Map.of("OMP_NUM_THREADS", "1"), dir);
    }

    /**
     * Prepares an instance with the given JVM options and environment (the launcher's, for a
     * benchmark that measures an instance as {@code glimpse app run} runs it); nothing runs until
     * {@link #start()}.
     *
     * @param name a short name, also its {@code glimpse.instance.id}
     * @param settings its complete settings, written to a file in {@code dir}
     * @param metricsPort the port of its {@code /metrics}, {@code /readyz} endpoint (also in settings)
     * @param jvmOptions options of its JVM, besides {@code -Dai.djl.offline=true}, which every instance gets
     * @param environment variables set over this process's environment
     * @param dir where its settings and log go
     * @throws IOException if the settings cannot be written
     */
    public AppInstance(String name, Properties settings, int metricsPort, List<String> jvmOptions, Map<String, String> environment,
            Path dir) throws IOException {
        this.name = name;
        this.metricsPort = metricsPort;
        Files.createDirectories(dir);
        this.configFile = dir.resolve(name + ".properties");
        try (Writer out = Files.newBufferedWriter(configFile)) {
            settings.store(out, "Settings of instance " + name);
        }
        this.log = dir.resolve(name + ".log");
        List<String> args = new ArrayList<>(jvmOptions);
        args.addAll(List.of("-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "io.glimpse.streams.cli.AppCommand"));
        this.jvmArgs = List.copyOf(args);
        this.environment = Map.copyOf(environment);
    }

    /** Starts the process (again); returns at once, see {@link #awaitReady}. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        starts++;
        process = JavaProcess.start(name, jvmArgs, List.of("run", "--config", configFile.toString()),
                environment, log);
    }

    /** Waits until {@code /readyz} answers 200: Kafka Streams running and the model loaded. */
    public void awaitReady(Duration timeout) throws TimeoutException, InterruptedException {
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + PrometheusEndpoint.READY_PATH))
                .timeout(Duration.ofSeconds(2)).GET().build();
        Await.until(name + " ready (log " + log + ")", timeout, this::isAlive, () -> Await.answersOk(http, probe));
    }

    /**
     * Reads the instance's Prometheus page, or empty if it does not answer.
     *
     * @return the text exposition
     */
    public String scrape() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + PrometheusEndpoint.METRICS_PATH))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Kills the process with SIGKILL, as a crash or an OOM kill would. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.kill();
        }
    }

    /** Freezes the process (SIGSTOP): it holds its sockets and transactions but does nothing. */
    public synchronized void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Thaws a frozen process (SIGCONT). */
    public synchronized void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * The process id of its current run.
     *
     * @return the pid
     * @throws IllegalStateException if it was never started
     */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** How many times the process was started. */
    public synchronized int starts() {
        return starts;
    }

    /** Stops the instance gracefully (SIGTERM), resuming it first if frozen. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            try {
                signal("-CONT");
            } catch (IOException | IllegalStateException e) {
                // Already gone or never frozen: SIGTERM below is what matters.
            }
            process.close();
        }
    }

    @Override
    public String toString() {
        return name + " (" + (process == null ? "not started" : process) + ")";
    }
}
