package io.glimpse.demo.chaos;

import java.util.Locale;

/**
 * One instance's memory at one moment of a soak run.
 *
 * @param minute minutes since the load started
 * @param instance the instance's name
 * @param residentBytes the process's resident set
 * @param heapUsedBytes heap in use (all pools)
 * @param liveDataBytes heap left after the last major collection ({@code jvm_gc_live_data_size_bytes})
 * @param committedBytes memory the JVM has committed (heap and non-heap pools)
 * @param ndarrays NDArrays alive under DJL's system manager
 * @param framesOut results the instance has emitted
 */
public record SoakSample(double minute, String instance, double residentBytes, double heapUsedBytes, double liveDataBytes,
        double committedBytes, double ndarrays, double framesOut) {

    /**
     * Reads a sample from a scrape.
     *
     * @param minute minutes since the load started
     * @param instance the instance
     * @param scrape its metrics page
     * @return the sample
     */
    public static SoakSample of(double minute, String instance, PrometheusScrape scrape) {
        return new SoakSample(minute, instance, scrape.value("process_resident_memory_bytes"),
                scrape.value("jvm_memory_used_bytes", "area=\"heap\""), scrape.value("jvm_gc_live_data_size_bytes"),
                scrape.value("jvm_memory_committed_bytes"), scrape.value("glimpse_engine_ndarrays"),
                scrape.value("glimpse_frames_out_total"));
    }

    /** Resident memory the JVM's pools do not account for: libtorch, the allocator's arenas, thread stacks, code. */
    public double outsideJvmBytes() {
        return residentBytes - committedBytes;
    }

    /** The CSV header matching {@link #csv()}. */
    public static String csvHeader() {
        return "minute,instance,resident_mb,heap_used_mb,live_data_mb,jvm_committed_mb,outside_jvm_mb,ndarrays,frames_out";
    }

    /** One CSV line. */
    public String csv() {
        return String.format(Locale.ROOT, "%.2f,%s,%.1f,%.1f,%.1f,%.1f,%.1f,%.0f,%.0f", minute, instance, mb(residentBytes),
                mb(heapUsedBytes), mb(liveDataBytes), mb(committedBytes), mb(outsideJvmBytes()), ndarrays, framesOut);
    }

    static double mb(double bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
