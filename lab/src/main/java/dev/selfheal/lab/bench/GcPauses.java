package dev.selfheal.lab.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The stop-the-world collections of this JVM while it is open, from the collectors' notifications:
 * a heal that overlaps one waits for it, so the benchmark reports them beside the heal times. The
 * beans that time work done concurrently with the application (ZGC's and Shenandoah's "Cycles",
 * "G1 Concurrent GC" from JDK 20 on) are left out: their durations are not pauses.
 */
final class GcPauses implements AutoCloseable {
    private final List<Double> pausesMs = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;

    GcPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e && !concurrent(gc.getName())) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
    }

    static boolean concurrent(String collector) {
        return collector.endsWith("Cycles") || collector.contains("Concurrent");
    }

    private void onNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        synchronized (pausesMs) {
            pausesMs.add((double) info.getGcInfo().getDuration());
        }
    }

    /** Pause durations in milliseconds (the JVM reports whole ones), in the order they ended. */
    List<Double> pausesMs() {
        synchronized (pausesMs) {
            return new ArrayList<>(pausesMs);
        }
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // never added to this one: nothing to undo
            }
        }
        emitters.clear();
    }
}
