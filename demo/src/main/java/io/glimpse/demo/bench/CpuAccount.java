package io.glimpse.demo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a process's CPU time goes, by kind of thread, between two moments: the bench's answer to
 * "what does the pipeline cost outside inference". In this process ({@link #now()}), Java threads
 * are read from the JVM (full names, nanoseconds); inference, the JIT compiler and the garbage
 * collector are read from Linux's {@code /proc/self/task} (clock ticks): libtorch's OpenMP workers
 * are native threads the JVM does not know, and they inherit the name of the inference thread that
 * started them. Where {@code /proc} is missing, they count as "other". An instance running as its
 * own process is read from its {@code /proc} entry alone ({@link #of}).
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
    /** How much of a thread's name Linux keeps in {@code comm}. */
    private static final int COMM_LENGTH = 15;

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
        Map<String, Long> fromProc = Map.of();
        try {
            fromProc = tasks(Path.of("/proc/self/task"), CpuAccount::unseenByJvm);
        } catch (IOException | RuntimeException e) {
            // No /proc: the native part stays one sum under "other".
        }
        long gc = fromProc.getOrDefault(GC, 0L);
        long jit = fromProc.getOrDefault(JIT, 0L);
        long inference = fromProc.getOrDefault(INFERENCE, 0L);
        byKind.merge(GC, gc, Long::sum);
        byKind.merge(INFERENCE, inference, Long::sum);
        byKind.merge(JIT, jit, Long::sum);
        byKind.merge(OTHER, Math.max(0, process - java - gc - jit - inference), Long::sum);
        return new CpuAccount(byKind, process);
    }

    /**
     * Reads the CPU time another process has spent so far, all of it from {@code /proc/PID/task}: an
     * instance the bench started as its own JVM, whose threads it can only see by name. Linux keeps 15
     * characters of a name, enough for the kinds: the inference workers and the engine threads they
     * start ({@code glimpse-inferen}), the JIT ({@code C1/C2 CompilerThre}), the collector, the
     * producers' network threads ({@code kafka-producer-}) and the stream threads (named after the
     * application id); "other" is the rest of the process's time, dead threads' included.
     *
     * @param pid the process
     * @param applicationId its Kafka Streams application id, which its stream threads' names begin with
     * @return the account at this moment
     * @throws IOException if the process's {@code /proc} entry cannot be read (gone, or not Linux)
     */
    static CpuAccount of(long pid, String applicationId) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        String streamThreads = applicationId.substring(0, Math.min(COMM_LENGTH, applicationId.length()));
        Map<String, Long> byKind = new HashMap<>(tasks(proc.resolve("task"), comm -> kindOfTask(comm, streamThreads)));
        long process = ticks(proc);
        long named = byKind.values().stream().mapToLong(Long::longValue).sum();
        byKind.merge(OTHER, Math.max(0, process - named), Long::sum);
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

    /** The kinds this JVM's thread bean cannot give: its hidden compiler threads, the collector's, the engine's native threads. */
    private static String unseenByJvm(String comm) {
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return GC;
        }
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            // The JVM hides its compiler threads from ThreadMXBean.
            return JIT;
        }
        return kindOf(comm).equals(INFERENCE) ? INFERENCE : null;
    }

    /**
     * Returns the kind of a thread of an instance process by its {@code comm} name.
     *
     * @param comm the name, cut to 15 characters
     * @param streamThreads what its stream threads' names begin with (the application id, cut alike)
     * @return the kind, or null for the rest ("other")
     */
    static String kindOfTask(String comm, String streamThreads) {
        String unseen = unseenByJvm(comm);
        if (unseen != null) {
            return unseen;
        }
        if (comm.startsWith("kafka-producer-")) {
            return PRODUCERS;
        }
        return comm.startsWith(streamThreads) ? STREAMS : null;
    }

    /** Sums the CPU time of a process's threads by kind; threads of no kind (null) and threads that end meanwhile are left out. */
    private static Map<String, Long> tasks(Path taskDir, Function<String, String> kindOfComm) throws IOException {
        Map<String, Long> byKind = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
            for (Path task : tasks) {
                try {
                    String kind = kindOfComm.apply(Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip());
                    if (kind != null) {
                        byKind.merge(kind, ticks(task), Long::sum);
                    }
                } catch (NoSuchFileException e) {
                    // The thread ended between the listing and the read: its time is in the process's total.
                }
            }
        }
        return byKind;
    }

    /** User and system time of a task or a whole process ({@code stat} of either). */
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
