package io.glimpse.demo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where this process's CPU time goes, by kind of thread, between two moments: the bench's answer to
 * "what does the pipeline cost outside inference". Java threads are read from the JVM (full names,
 * nanoseconds). Inference, the JIT compiler and the garbage collector are read from Linux's {@code /proc/self/task}
 * (clock ticks): libtorch's OpenMP workers are native threads the JVM does not know, and they
 * inherit the name of the inference thread that started them. Where {@code /proc} is missing, they
 * count as "other".
 */
final class CpuAccount {

    /** Kinds of thread, in report order. */
    static final String INFERENCE = "inference";
    static final String STREAMS = "stream threads";
    static final String PRODUCERS = "stream producers";
    static final String BROKER = "broker";
    static final String BENCH = "bench clients";
    static final String JIT = "JIT";
    static final String GC = "GC";
    static final String OTHER = "other";

    private static final Pattern BROKER_THREAD = Pattern.compile(
            "data-plane-.*|kafka-(?!producer|admin|streams).*|group-coordinator.*|share-coordinator.*"
                    + "|AddPartitionsToTxn.*|ExpirationReaper.*|transaction-.*|log-closing.*|broker-.*|controller-.*"
                    + "|quorum-controller.*|raft-.*|LogDirFailureHandler|ReplicaFetcher.*|TxnMarkerSenderThread.*"
                    + "|executor-.*|feature-zk-.*|kafka-cluster-test-kit.*|metadata-.*|scheduler-.*");
    private static final long TICK_NANOS = 10_000_000L;

    private final Map<String, Long> nanos;
    private final long processNanos;

    private CpuAccount(Map<String, Long> nanos, long processNanos) {
        this.nanos = nanos;
        this.processNanos = processNanos;
    }

    /**
     * Reads the CPU time spent so far.
     *
     * @return the account at this moment
     */
    static CpuAccount now() {
        Map<String, Long> byKind = new HashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long java = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            String kind = kindOf(info.getThreadName());
            if (cpu > 0 && !kind.equals(INFERENCE)) {
                byKind.merge(kind, cpu, Long::sum);
                java += cpu;
            }
        }
        long process = processCpuNanos();
        long gc = 0;
        long jit = 0;
        long inference = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String comm = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
                if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
                    gc += ticks(task);
                } else if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                    // The JVM hides its compiler threads from ThreadMXBean.
                    jit += ticks(task);
                } else if (kindOf(comm).equals(INFERENCE)) {
                    inference += ticks(task);
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc: the native part stays one sum under "other".
        }
        byKind.merge(GC, gc, Long::sum);
        byKind.merge(INFERENCE, inference, Long::sum);
        byKind.merge(JIT, jit, Long::sum);
        byKind.merge(OTHER, Math.max(0, process - java - gc - jit - inference), Long::sum);
        return new CpuAccount(byKind, process);
    }

    /**
     * Returns the CPU time spent from {@code earlier} to this account, by kind of thread.
     *
     * @param earlier an account taken before
     * @return milliseconds per kind, in report order, and "total"
     */
    Map<String, Double> since(CpuAccount earlier) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String kind : new String[] {INFERENCE, STREAMS, PRODUCERS, BROKER, BENCH, JIT, GC, OTHER}) {
            long spent = nanos.getOrDefault(kind, 0L) - earlier.nanos.getOrDefault(kind, 0L);
            out.put(kind, Math.max(0, spent) / 1e6);
        }
        out.put("total", (processNanos - earlier.processNanos) / 1e6);
        return out;
    }

    static String kindOf(String thread) {
        // Linux keeps the first 15 characters of a thread's name.
        if (thread.startsWith("glimpse-inferen") || thread.startsWith("glimpse-bench-m")) {
            return INFERENCE;
        }
        if (thread.startsWith("kafka-producer-network-thread") && thread.contains("StreamThread")) {
            return PRODUCERS;
        }
        if (thread.contains("-StreamThread-")) {
            return STREAMS;
        }
        if (thread.startsWith("glimpse-demo-results") || thread.startsWith("glimpse-cameras")
                || thread.startsWith("kafka-producer-network-thread") || thread.startsWith("HttpClient")) {
            return BENCH;
        }
        if (thread.startsWith("C1 CompilerThread") || thread.startsWith("C2 CompilerThread")) {
            return JIT;
        }
        if (BROKER_THREAD.matcher(thread).matches()) {
            return BROKER;
        }
        return OTHER;
    }

    private static long ticks(Path task) throws IOException {
        String stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the name.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
