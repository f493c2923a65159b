package dev.selfheal.job.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this JVM, which on the embedded cluster is the TaskManager's. Beside it the
 * committed Java heap, since heap growth also shows in RSS and must not be read as a native leak.
 */
final class MemoryProbe {
    private MemoryProbe() {}

    /** VmRSS in MB, or -1 where /proc is not there. */
    static double rssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static double heapCommittedMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1048576.0;
    }
}
