package dev.selfheal.lab.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces calls to a fixed rate: the n-th call returns no earlier than n intervals after the first.
 * The schedule is absolute, so time the caller lost elsewhere (a sleep that overshot, a checkpoint's
 * synchronous part, a busy machine) is made up by the next calls passing at once, and the long-run
 * rate is the rate asked for. At most one second of such credit ({@link #creditNanos()}) carries
 * over, as in a token bucket that holds one second of tokens: after a long pause the caller is not
 * let through in a burst to catch up on the whole time it was idle.
 */
public final class Throttle {
    /** Time and sleeping, replaceable so the pacing can be tested without waiting. */
    public interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    /** The real clock. A task being cancelled is interrupted: the sleep then ends with an exception. */
    public static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            LockSupport.parkNanos(nanos);
            if (Thread.interrupted()) {
                throw new InterruptedException("throttle interrupted");
            }
        }
    };

    private static final long MIN_CREDIT_NANOS = 1_000_000_000L;

    private final Clock clock;
    private final long intervalNanos;
    private final long creditNanos;
    private boolean started;
    private long next;

    /** @param perSecond calls per second, &gt; 0 */
    public Throttle(double perSecond, Clock clock) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("throttle rate must be a positive number, got " + perSecond);
        }
        this.clock = clock;
        this.intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
        // One interval at least (rates below 1/s).
        this.creditNanos = Math.max(intervalNanos, MIN_CREDIT_NANOS);
    }

    long intervalNanos() {
        return intervalNanos;
    }

    long creditNanos() {
        return creditNanos;
    }

    /** Waits until this call is due; returns the nanoseconds slept (0 when it was due already). */
    public long acquire() throws InterruptedException {
        long now = clock.nanoTime();
        if (!started) {
            next = now;
            started = true;
        }
        // Unused time beyond the credit is forfeited (the caller was idle, not throttled).
        if (now - next > creditNanos) {
            next = now - creditNanos;
        }
        long wait = next - now;
        next += intervalNanos;
        if (wait > 0) {
            clock.sleepNanos(wait);
            return wait;
        }
        return 0;
    }
}
