package dev.selfheal.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The local broker's process, so its CPU time can be read beside the job's: the broker shares the
 * machine's cores with the job, and its work per event is part of what the Kafka path costs. Found
 * through the pid file {@code deploy/local/kafka.sh} writes, else as the one {@code kafka.Kafka}
 * process on the machine.
 */
record BrokerProcess(long pid, String foundBy) {
    /** Clock ticks per second of /proc's CPU times (USER_HZ): 100 on every Linux platform Java runs on. */
    private static final long TICKS_PER_S = 100;

    /**
     * @param pidFile the broker's pid file, or null for kafka.sh's default
     *                ({@code $SELFHEAL_KAFKA_DIR/kafka.pid}, else {@code deploy/local/.kafka/kafka.pid})
     */
    static Optional<BrokerProcess> find(Path pidFile) {
        Path file = pidFile != null ? pidFile : defaultPidFile();
        try {
            if (Files.isRegularFile(file)) {
                long pid = Long.parseLong(Files.readString(file).trim());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    return Optional.of(new BrokerProcess(pid, file.toString()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the process list
        }
        List<ProcessHandle> brokers = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("kafka.Kafka")).orElse(false))
                .toList();
        return brokers.size() == 1 ? Optional.of(new BrokerProcess(brokers.get(0).pid(), "the only kafka.Kafka process"))
                : Optional.empty();
    }

    private static Path defaultPidFile() {
        String dir = System.getenv("SELFHEAL_KAFKA_DIR");
        return dir != null && !dir.isBlank() ? Path.of(dir, "kafka.pid") : Path.of("deploy", "local", ".kafka", "kafka.pid");
    }

    /** User + system CPU time of the process so far, in nanoseconds (10 ms resolution); -1 once it is gone. */
    long cpuNanos() {
        try {
            return cpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime (fields 14 and 15) of a /proc/PID/stat line, in nanoseconds. */
    static long cpuNanos(String stat) {
        // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * (1_000_000_000L / TICKS_PER_S);
    }
}
