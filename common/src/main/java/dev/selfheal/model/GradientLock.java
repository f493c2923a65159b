package dev.selfheal.model;

import java.util.concurrent.locks.ReentrantLock;

/**
 * DJL's PyTorch engine allows one gradient collector per JVM at a time ("A PtGradientCollector is
 * already collecting"), and a Flink TaskManager runs several HEAL subtasks in one JVM. Every
 * gradient recording takes this lock.
 */
public final class GradientLock {
    private static final ReentrantLock LOCK = new ReentrantLock();

    private GradientLock() {}

    public static ReentrantLock get() {
        return LOCK;
    }
}
