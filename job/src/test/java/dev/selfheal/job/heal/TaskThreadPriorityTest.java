package dev.selfheal.job.heal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TaskThreadPriorityTest {

    @Test
    void readsNiceAfterAThreadNameWithSpacesAndParentheses() {
        String stat = "4242 (HEAL (1/2)#0) S 1 4200 4200 0 -1 4194368 90 0 0 0 12 3 0 0 15 -5 80 0 9 0 0";
        assertThat(TaskThreadPriority.niceFromStat(stat)).isEqualTo(-5);
        assertThat(TaskThreadPriority.niceFromStat("7 (a) b) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 24 4 1"))
                .isEqualTo(4);
        assertThatThrownBy(() -> TaskThreadPriority.niceFromStat("7 (short) R 1 2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too few fields");
    }

    @Test
    void mapsJavaPrioritiesAsHotSpotDoesOnLinux() {
        assertThat(TaskThreadPriority.expectedNice(Thread.MIN_PRIORITY)).isEqualTo(4);
        assertThat(TaskThreadPriority.expectedNice(Thread.NORM_PRIORITY)).isZero();
        assertThat(TaskThreadPriority.expectedNice(Thread.MAX_PRIORITY)).isEqualTo(-5);
    }

    @Test
    void explainsWhyAPriorityDidNotReachTheOs() {
        assertThat(TaskThreadPriority.judge(10, 0, -5, "1")).satisfies(o -> {
            assertThat(o.applied()).isTrue();
            assertThat(o.refusedByOs()).isFalse();
            assertThat(o.detail()).isEqualTo("nice -5");
        });
        assertThat(TaskThreadPriority.judge(10, 0, 0, "0")).satisfies(o -> {
            assertThat(o.applied()).isFalse();
            assertThat(o.refusedByOs()).as("without the JVM flag nobody asked the OS").isFalse();
            assertThat(o.detail()).contains("nice stays 0 instead of -5", "-XX:ThreadPriorityPolicy=1");
        });
        assertThat(TaskThreadPriority.judge(10, 0, 0, "1")).satisfies(o -> {
            assertThat(o.applied()).isFalse();
            assertThat(o.refusedByOs()).isTrue();
            assertThat(o.detail()).contains("CAP_SYS_NICE");
        });
        assertThat(TaskThreadPriority.judge(1, 0, 0, "1").detail()).contains("the OS kept it");
        assertThat(TaskThreadPriority.judge(1, null, null, "1")).satisfies(o -> {
            assertThat(o.applied()).isFalse();
            assertThat(o.detail()).startsWith("unknown");
        });
    }

    /** Lowering a thread's priority needs no rights, so with the build's JVM flag it must reach the OS. */
    @Test
    void aLowerPriorityReachesTheSchedulerForTheCallingThreadOnly() throws Exception {
        assumeTrue(TaskThreadPriority.currentNice() != null, "needs /proc/thread-self (Linux)");
        int mine = TaskThreadPriority.currentNice();
        AtomicReference<TaskThreadPriority.Outcome> got = new AtomicReference<>();
        AtomicReference<Integer> read = new AtomicReference<>();
        OnNewThread.run(() -> {
            got.set(TaskThreadPriority.apply(Thread.MIN_PRIORITY));
            read.set(TaskThreadPriority.currentNice());
        });
        assertThat(got.get().applied()).as(got.get().toString()).isTrue();
        assertThat(got.get().niceAfter()).isEqualTo(4).isEqualTo(read.get());
        assertThat(TaskThreadPriority.currentNice()).isEqualTo(mine);
    }

    /** A higher priority needs root or CAP_SYS_NICE: either it is applied, or the outcome says which right is missing. */
    @Test
    void aHigherPriorityIsAppliedOrExplained() throws Exception {
        assumeTrue(TaskThreadPriority.currentNice() != null, "needs /proc/thread-self (Linux)");
        AtomicReference<TaskThreadPriority.Outcome> got = new AtomicReference<>();
        OnNewThread.run(() -> got.set(TaskThreadPriority.apply(Thread.MAX_PRIORITY)));
        TaskThreadPriority.Outcome o = got.get();
        if (o.applied()) {
            assertThat(o.niceAfter()).isEqualTo(-5);
        } else {
            assertThat(o.detail()).contains("CAP_SYS_NICE");
            assertThat(o.niceAfter()).isEqualTo(o.niceBefore());
        }
    }

    /** The id that HEAL logs names the calling thread's own /proc entry, whose nice is the one it got. */
    @Test
    void theOsThreadIdIsTheCallingThreadsOwn() throws Exception {
        assumeTrue(TaskThreadPriority.osThreadId() != null, "needs /proc/thread-self (Linux)");
        long pid = ProcessHandle.current().pid();
        AtomicReference<Long> tid = new AtomicReference<>();
        AtomicReference<Integer> niceOfItsEntry = new AtomicReference<>();
        OnNewThread.run(() -> {
            TaskThreadPriority.apply(Thread.MIN_PRIORITY); // nice 4, unlike this thread's
            tid.set(TaskThreadPriority.osThreadId());
            try {
                niceOfItsEntry.set(TaskThreadPriority.niceFromStat(java.nio.file.Files.readString(
                        java.nio.file.Path.of("/proc", Long.toString(pid), "task", Long.toString(tid.get()), "stat"))));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        assertThat(tid.get()).isNotEqualTo(TaskThreadPriority.osThreadId());
        assertThat(niceOfItsEntry.get()).isEqualTo(4);
    }
}
