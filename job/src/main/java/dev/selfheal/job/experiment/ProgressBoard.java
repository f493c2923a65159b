package dev.selfheal.job.experiment;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Heal batches processed, for the console progress bar of embedded runs (the job runs in this
 * JVM, so HEAL can bump a static counter). Meaningless on a cluster, and only read here.
 */
public final class ProgressBoard {
    public static final AtomicLong BATCHES = new AtomicLong();

    private ProgressBoard() {}
}
