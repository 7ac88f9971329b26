package io.glimpse.demo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Which CPUs a process may run on, read and set through Linux's scheduler affinity. The bench uses
 * it to keep the broker and the registry off the cores the app and the bare model are measured
 * on, as a production broker runs on machines of its own.
 */
final class CpuPinning {

    private CpuPinning() {}

    /**
     * Returns the CPUs this process may run on.
     *
     * @return a list such as {@code 0-1} or {@code 0}, or "unknown" where {@code /proc} is missing
     */
    static String allowedHere() {
        return allowed("self");
    }

    /**
     * Returns the CPUs another process may run on (its main thread's).
     *
     * @param pid the process
     * @return a list such as {@code 0-1} or {@code 0}, or "unknown" where {@code /proc} is missing
     */
    static String allowed(long pid) {
        return allowed(Long.toString(pid));
    }

    private static String allowed(String process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", process, "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // Not Linux: fall through.
        }
        return "unknown";
    }

    /**
     * Runs a task on a new thread pinned to the given CPUs, and returns its result. Threads that the
     * task starts inherit the pinning: a Kafka client built there runs its network thread there too.
     *
     * @param cpus a CPU list, e.g. {@code 1}
     * @param task what to run
     * @param <T> the task's result
     * @return the result
     * @throws Exception what the task or the pinning threw
     */
    static <T> T onCpus(String cpus, Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
                pin(Long.parseLong(self.substring(self.lastIndexOf('/') + 1)), cpus, false);
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "glimpse-bench-pinned");
        thread.start();
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Pins every thread of a running process to the given CPUs ({@code taskset -a -p}).
     *
     * @param pid the process
     * @param cpus a CPU list, e.g. {@code 1} or {@code 2-3}
     * @throws IOException if {@code taskset} is missing or refuses
     * @throws InterruptedException if interrupted while it runs
     */
    static void pin(long pid, String cpus) throws IOException, InterruptedException {
        pin(pid, cpus, true);
    }

    private static void pin(long id, String cpus, boolean allThreads) throws IOException, InterruptedException {
        Process taskset = new ProcessBuilder("taskset", allThreads ? "-acp" : "-cp", cpus, Long.toString(id))
                .redirectErrorStream(true)
                .start();
        String output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
            throw new IOException("taskset could not pin " + id + " to CPUs " + cpus + ": " + output);
        }
    }
}
