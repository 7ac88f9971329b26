package io.glimpse.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM whose output goes to a log file. Servers run as child processes when they must not share
 * the caller's class path (the registry) or must be killable on their own (the broker in crash tests).
 * {@link #close()} asks politely (SIGTERM, so the server's shutdown hooks run) and then insists.
 */
public final class JavaProcess implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(20);
    /** Children still running; a JVM that exits without closing them (Ctrl-C on Maven) still ends them. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroy), "glimpse-child-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private JavaProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java <jvmArgs> <mainArgs>} with the JVM that runs this code.
     *
     * @param name a short name for messages
     * @param jvmArgs everything before and including the main class or {@code -jar file}
     * @param mainArgs the program's arguments
     * @param environment extra environment variables
     * @param log the file that receives stdout and stderr (appended)
     */
    public static JavaProcess start(String name, List<String> jvmArgs, List<String> mainArgs,
            Map<String, String> environment, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        command.addAll(mainArgs);
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        Process process = builder.start();
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        return new JavaProcess(name, process, log);
    }

    /** Runs a Java program to completion and fails unless it exits 0 within {@code timeout}. */
    public static void run(String name, List<String> jvmArgs, List<String> mainArgs, Path log, Duration timeout)
            throws IOException, InterruptedException {
        try (JavaProcess process = start(name, jvmArgs, mainArgs, Map.of(), log)) {
            if (!process.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(name + " did not finish within " + timeout.toSeconds() + " s; see " + log);
            }
            if (process.process.exitValue() != 0) {
                throw new IOException(name + " exited with " + process.process.exitValue() + "; see " + log);
            }
        }
    }

    static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Kills the process at once (SIGKILL): no shutdown hook runs, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Stops the process: SIGTERM, then SIGKILL if it has not exited after a grace period. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            System.err.println(name + " ignored SIGTERM for " + GRACE.toSeconds() + " s; killing it");
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }
}
