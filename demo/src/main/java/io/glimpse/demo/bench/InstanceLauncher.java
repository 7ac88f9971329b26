package io.glimpse.demo.bench;

import io.glimpse.demo.LocalGlimpse;

/**
 * Where the bench's instances run: {@link InJvmLauncher in the bench's JVM} or {@link ProcessLauncher
 * each as its own process}, as production runs one.
 */
interface InstanceLauncher extends AutoCloseable {

    /**
     * Starts an instance and returns once it serves.
     *
     * @param settings its settings, complete (the same for either place)
     * @return the running instance
     * @throws Exception if it does not start
     */
    MeasuredInstance start(LocalGlimpse.Builder settings) throws Exception;

    /**
     * Returns the CPUs the instances run on, where the bare model runs too so that the two are
     * compared on the same cores.
     *
     * @return a CPU list, or null for wherever the bench itself runs
     */
    String cpus();

    /**
     * Says whether its instances all run in one JVM, the bench's: then any round warms the code of
     * the next instance, and each round may start a fresh one. An instance in a JVM of its own is warmed
     * only by its own rounds, so the bench keeps it for all of them.
     *
     * @return true for instances in the bench's JVM
     */
    boolean sharesOneJvm();

    /** Releases what the launcher holds for all its instances. */
    @Override
    void close();
}
