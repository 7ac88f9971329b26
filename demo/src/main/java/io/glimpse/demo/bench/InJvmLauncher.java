package io.glimpse.demo.bench;

import io.glimpse.demo.LocalGlimpse;

/**
 * Starts each instance in the bench's JVM ({@link LocalGlimpse}), read from inside: its meters,
 * the JVM's threads, the JVM's collector notifications and a flight recording of this JVM's
 * compilations, which runs from the bench's start so that the compiling that turning it on causes
 * falls in the warm-up, not in a measured load.
 */
final class InJvmLauncher implements InstanceLauncher {

    private final JitCompilations compilations;

    /**
     * Creates the launcher.
     *
     * @param compilations this JVM's long compilations, recorded from now on; closed with the launcher
     */
    InJvmLauncher(JitCompilations compilations) {
        this.compilations = compilations;
    }

    /** {@inheritDoc} */
    @Override
    public MeasuredInstance start(LocalGlimpse.Builder settings) throws Exception {
        LocalGlimpse glimpse = settings.start();
        return new InJvmInstance(glimpse, new GcPauses(), compilations);
    }

    /** {@inheritDoc} */
    @Override
    public boolean sharesOneJvm() {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public String cpus() {
        return null;
    }

    /** Stops recording the JIT's compilations. */
    @Override
    public void close() {
        compilations.close();
    }
}
