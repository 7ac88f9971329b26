package io.glimpse.streams.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's and the process's meters: heap and buffer pools, GC pauses, threads, CPU, uptime and
 * resident memory, so that an instance's memory (heap against libtorch's native share) and CPU
 * can be watched beside its frames. Closing stops the GC listener.
 */
public final class RuntimeMeters implements MeterBinder, AutoCloseable {

    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** {@inheritDoc} */
    @Override
    public void bindTo(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new ResidentMemory().bindTo(registry);
        new LiveArrays().bindTo(registry);
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        gc.close();
    }
}
