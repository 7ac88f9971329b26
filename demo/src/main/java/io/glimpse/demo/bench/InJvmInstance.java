package io.glimpse.demo.bench;

import io.glimpse.demo.LocalGlimpse;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * An instance in the bench's JVM, read from inside: its meter registry, this JVM's threads, and
 * this JVM's collector pauses (listened to while it runs) and long compilations.
 */
final class InJvmInstance implements MeasuredInstance {

    private final LocalGlimpse glimpse;
    private final GcPauses pauses;
    private final JitCompilations compilations;

    /**
     * Wraps a running instance.
     *
     * @param glimpse the instance
     * @param pauses this JVM's collector pauses from now on; closed with the instance
     * @param compilations this JVM's long compilations, shared by the bench's instances
     */
    InJvmInstance(LocalGlimpse glimpse, GcPauses pauses, JitCompilations compilations) {
        this.glimpse = glimpse;
        this.pauses = pauses;
        this.compilations = compilations;
    }

    /** {@inheritDoc} */
    @Override
    public InstanceMeters meters() {
        Timer inference = glimpse.app().registry().find("glimpse.inference").timer();
        DistributionSummary sizes = glimpse.app().registry().find("glimpse.batch.size").summary();
        return new InstanceMeters(inference == null ? Double.NaN : inference.totalTime(TimeUnit.MILLISECONDS),
                sizes == null ? Double.NaN : sizes.count(), sizes == null ? Double.NaN : sizes.totalAmount());
    }

    /** {@inheritDoc} */
    @Override
    public CpuAccount cpu() {
        return CpuAccount.now();
    }

    /** {@inheritDoc} */
    @Override
    public Stalls stalls(long fromMillis) {
        return new Stalls(pauses.since(fromMillis), compilations.since(fromMillis));
    }

    /** Not possible: the instance shares the bench's JVM, which a signal would freeze whole. */
    @Override
    public void freeze() {
        throw new UnsupportedOperationException("An instance in the bench's JVM cannot be frozen alone");
    }

    /** Not possible: see {@link #freeze()}. */
    @Override
    public void resume() {
        throw new UnsupportedOperationException("An instance in the bench's JVM cannot be frozen alone");
    }

    /** Stops listening to the collector, closes the instance and deletes its state. */
    @Override
    public void close() {
        pauses.close();
        glimpse.close();
    }
}
