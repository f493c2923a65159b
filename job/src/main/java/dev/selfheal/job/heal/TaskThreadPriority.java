package dev.selfheal.job.heal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Asks the OS to schedule the calling thread at a Java priority, and reads back what it got.
 *
 * <p>Why HEAL wants this: under full load the scoring and source threads keep every core busy, and a
 * heal, a few milliseconds of CPU, waits its turn among them, so its wall time is several times its
 * CPU time (docs/adr/003-heal-thread-priority.md has the figures). On Linux, HotSpot hands Java priorities to the scheduler only when the JVM runs with
 * {@code -XX:ThreadPriorityPolicy=1}: priority p becomes nice 5 - p, so 10 is nice -5, and a nice
 * below the thread's current one needs root or CAP_SYS_NICE. Without them {@link Thread#setPriority}
 * changes nothing the scheduler sees and fails silently, hence the read-back from /proc.
 */
public final class TaskThreadPriority {
    private static final Path THREAD_STAT = Path.of("/proc/thread-self/stat");

    /** What asking for {@code requested} did to this thread's nice value (null: could not be read). */
    record Outcome(int requested, Integer niceBefore, Integer niceAfter, boolean applied, boolean refusedByOs,
                   String detail) {
        @Override
        public String toString() {
            return "Java priority " + requested + ": " + detail;
        }
    }

    private TaskThreadPriority() {}

    /** Sets the calling thread's Java priority (1..10) and reports the nice value the OS applied. */
    static Outcome apply(int javaPriority) {
        Integer before = currentNice();
        Thread.currentThread().setPriority(javaPriority);
        return judge(javaPriority, before, currentNice(), vmPriorityPolicy());
    }

    /** The nice value HotSpot's Linux priority policy 1 gives a Java priority. */
    static int expectedNice(int javaPriority) {
        return 5 - javaPriority;
    }

    /**
     * Explains an outcome from what was asked, the nice before and after, and the JVM's
     * ThreadPriorityPolicy (null when unknown).
     */
    static Outcome judge(int requested, Integer before, Integer after, String policy) {
        int want = expectedNice(requested);
        if (after == null) {
            return new Outcome(requested, before, null, false, false,
                    "unknown: no " + THREAD_STAT + " to read the scheduling priority from (not Linux?)");
        }
        if (after == want) {
            return new Outcome(requested, before, after, true, false, "nice " + after);
        }
        boolean passedOn = "1".equals(policy);
        String why;
        if (!passedOn) {
            why = "the JVM passes Java priorities to the OS only with -XX:ThreadPriorityPolicy=1";
        } else if (before != null && want < before) {
            why = "a nice below " + before + " needs root or CAP_SYS_NICE";
        } else {
            why = "the OS kept it";
        }
        return new Outcome(requested, before, after, false, passedOn,
                "not applied, nice stays " + after + " instead of " + want + " (" + why + ")");
    }

    /**
     * The nice field of a {@code /proc/.../stat} line. The thread's name comes second, in
     * parentheses, and may itself hold spaces and parentheses (Flink names task threads like
     * "HEAL (1/2)#0"), so fields are counted from the last closing parenthesis: nice is the 17th
     * field after it.
     */
    static int niceFromStat(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc stat line: " + stat);
        }
        String[] fields = stat.substring(close + 1).trim().split(" ");
        if (fields.length < 17) {
            throw new IllegalArgumentException("a /proc stat line with too few fields: " + stat);
        }
        return Integer.parseInt(fields[16]);
    }

    /** This thread's nice value, or null where /proc/thread-self cannot be read. */
    static Integer currentNice() {
        try {
            return niceFromStat(Files.readString(THREAD_STAT));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The calling thread's id in the OS (its directory under /proc/PID/task), or null where
     * /proc/thread-self cannot be read. Logged beside the outcome so that an operator or a check can
     * find the task thread itself: threads that native code starts from it inherit its name.
     */
    static Long osThreadId() {
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "PID/task/TID"
            return Long.parseLong(target.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether this JVM hands Java thread priorities to the OS (-XX:ThreadPriorityPolicy=1). */
    public static boolean jvmPassesPriorities() {
        return "1".equals(vmPriorityPolicy());
    }

    private static String vmPriorityPolicy() {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("ThreadPriorityPolicy").getValue();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
