package dev.selfheal.job.heal;

import java.io.Serializable;

/**
 * When HEAL gives up on a label that has not met its sampled row ({@code labels.unmatched-ttl-minutes}),
 * and when its per-model timer should look again. Times are processing time, the clock arrivals are
 * stamped with.
 */
final class UnmatchedLabels implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Sweep timers fall on whole minutes, so a model's sweep runs at most once a minute however fast labels come. */
    static final long TIMER_GRANULARITY_MS = 60_000;

    /** What prompts a sweep. */
    enum Occasion {
        /** A batch closed: its labels have just been joined, so what is left and past its TTL is stale. */
        BATCH_CLOSED,
        /**
         * The model's sweep timer, which runs whether or not batches close. A label whose row is waiting
         * in an open batch is left to that batch: a stalled watermark must not turn a label that will
         * match into a dead letter, and that row's batch sweeps it when it closes.
         */
        TIMER,
        /** A bounded input ended: no row is coming for a label whose row is not already here. */
        END_OF_INPUT
    }

    /** Whether HEAL holds the label's sampled row (open, or closed and awaiting its label). */
    @FunctionalInterface
    interface RowCheck {
        boolean rowWaiting() throws Exception;
    }

    private final long ttlMs;

    UnmatchedLabels(long ttlMinutes) {
        if (ttlMinutes < 1) {
            throw new IllegalArgumentException("labels.unmatched-ttl-minutes must be >= 1, got " + ttlMinutes);
        }
        this.ttlMs = ttlMinutes * 60_000L;
    }

    boolean expired(long nowMs, long arrivalMs) {
        return nowMs - arrivalMs >= ttlMs;
    }

    /** Whether a label that arrived at {@code arrivalMs} becomes an {@code unmatched_label} dead letter now. */
    boolean drop(Occasion occasion, long nowMs, long arrivalMs, RowCheck row) throws Exception {
        boolean expired = expired(nowMs, arrivalMs);
        return switch (occasion) {
            case BATCH_CLOSED -> expired;
            case TIMER -> expired && !row.rowWaiting();
            case END_OF_INPUT -> expired || !row.rowWaiting();
        };
    }

    /**
     * The processing time at which a sweep finds a label that arrived at {@code arrivalMs} expired: its
     * TTL, rounded up to a whole minute.
     */
    long sweepAt(long arrivalMs) {
        long due = arrivalMs + ttlMs;
        return Math.floorDiv(due + TIMER_GRANULARITY_MS - 1, TIMER_GRANULARITY_MS) * TIMER_GRANULARITY_MS;
    }
}
