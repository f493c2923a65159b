package dev.selfheal.job.heal;

import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * What HEAL does to its task thread before the first heal: the thread's priority (opt-in) and a
 * warm-up of the trainer on the thread. Heals run on the task thread.
 */
final class HealTaskSetUp {
    private static final Logger LOG = LoggerFactory.getLogger(HealTaskSetUp.class);
    /** Bounds the warm-up's own cost (a heal batch is usually far smaller). */
    static final int WARM_UP_ROWS_MAX = 1024;

    private HealTaskSetUp() {}

    /**
     * Under full load heals wait for a core behind the scorers unless the scheduler favours this
     * thread. The outcome depends on the JVM's flags and the process's rights, so it is logged and
     * exported ({@code heal_thread_nice}) rather than assumed. The normal priority leaves the thread
     * as Flink made it.
     */
    static void prioritise(int subtask, int javaPriority, MetricGroup selfheal) {
        if (javaPriority == Thread.NORM_PRIORITY) {
            return;
        }
        TaskThreadPriority.Outcome o = TaskThreadPriority.apply(javaPriority);
        Long tid = TaskThreadPriority.osThreadId();
        if (o.applied()) {
            LOG.info("HEAL subtask {}: task thread {} at {}", subtask, tid, o);
        } else if (o.refusedByOs()) {
            // The JVM was started to pass priorities on (an operator's intent), and the OS said no.
            LOG.warn("HEAL subtask {}: task thread {}: heal.thread-priority {}; heals under full load wait for a core",
                    subtask, tid, o);
        } else {
            LOG.info("HEAL subtask {}: task thread {}: heal.thread-priority {}", subtask, tid, o);
        }
        if (o.niceAfter() != null) {
            int nice = o.niceAfter();
            selfheal.gauge("heal_thread_nice", () -> nice);
        }
    }

    /**
     * The first gradient pass on a new thread often costs 10-35 ms more than later ones: paid here,
     * not by the first heal after a (re)start. Only a speed-up, so its failure is logged, not thrown:
     * if DJL is broken, the first real heal fails the task with its own error.
     */
    static void warmUp(int subtask, ModelHealers healers, int batchRows) {
        try {
            double ms = healers.warmUp(Math.min(batchRows, WARM_UP_ROWS_MAX));
            LOG.info("HEAL subtask {}: the trainer's first gradient pass on this thread took {} ms", subtask,
                    String.format(Locale.ROOT, "%.1f", ms));
        } catch (RuntimeException e) {
            LOG.warn("HEAL subtask {}: warming the trainer up failed; the first heal will pay for it", subtask, e);
        }
    }
}
