package io.glimpse.demo.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collector's stop-the-world pauses in this process while it is open, as epoch
 * intervals, so that a latency tail can be laid beside them: a frame whose trip overlaps a pause
 * waited for it. Concurrent collector cycles (G1's and ZGC's background work) are not pauses and
 * are left out.
 *
 * <p>Thread-safe: the JVM reports from its own thread.
 */
final class GcPauses implements AutoCloseable {

    private final List<Stall> pauses = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;

    /** Starts listening to every collector of this JVM. */
    GcPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter && !isConcurrent(gc.getName())) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private static boolean isConcurrent(String collector) {
        return collector.contains("Cycles") || collector.contains("Concurrent");
    }

    private void onNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        // The pause ended just before it is reported; its start and end times are on a clock of their
        // own that was measured 20-30 ms off the wall clock (start time + uptime), more than a short pause.
        long end = System.currentTimeMillis();
        synchronized (this) {
            pauses.add(new Stall(end - info.getGcInfo().getDuration(), end, info.getGcName()));
        }
    }

    /**
     * Returns the pauses that began at or after a moment.
     *
     * @param fromMillis epoch milliseconds
     * @return the pauses, oldest first
     */
    synchronized List<Stall> since(long fromMillis) {
        return pauses.stream().filter(p -> p.startMillis() >= fromMillis).toList();
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // Already gone.
            }
        }
    }
}
