package dev.selfheal.labels;

import java.util.Arrays;

/**
 * {@code labels.budget} over a sliding window of scored rows: in every run of {@code windowRows}
 * consecutive rows a model scored (every shorter run at the start, before that many were scored),
 * the requests made are at most {@code share} of the run's rows. A batch's requests are made when
 * it closes, that is after its last row: that is where they count.
 *
 * <p>Why rows and not batches: a window of batches starting at the current one would also have to
 * hold if every later batch were tiny, which leaves each batch no more than its own share rounded
 * down (a budget below one row per batch could never be spent). A window of a fixed number of rows
 * cannot shrink, so a batch may use what the rows before it left unused, and the share holds over
 * every window whatever the batch sizes. The share is held in millionths and the check is integer
 * arithmetic, so rounding never lets a request through.
 */
public final class LabelBudget {
    private static final long MILLION = 1_000_000L;
    private final long sharePpm;
    private final long windowRows;

    /**
     * @param share      share of scored rows that may be requested, 0..1 (resolution 1e-6, rounded down)
     * @param windowRows rows in the sliding window, ≥ 1
     */
    public LabelBudget(double share, long windowRows) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("labels.budget must be a share in [0, 1], got " + share);
        }
        if (windowRows < 1) {
            throw new IllegalArgumentException("the label budget's window must hold at least one row, got " + windowRows);
        }
        // The tolerance keeps a decimal share whole (0.29 is 289999.99999999997 millionths in doubles).
        this.sharePpm = (long) Math.floor(share * MILLION + 1e-6);
        this.windowRows = windowRows;
    }

    public boolean enabled() {
        return sharePpm > 0;
    }

    public double share() {
        return sharePpm / (double) MILLION;
    }

    public long windowRows() {
        return windowRows;
    }

    /**
     * How many of a new batch's {@code rows} may be requested: what the window ending with this batch
     * allows, less the requests of earlier batches that closed inside it (never negative, never more
     * than the rows).
     */
    public int allowance(LabelRequesterState s, int rows) {
        long end = s.rowsSeen + rows;
        long windowStart = end - windowRows + 1;
        long used = 0;
        long batchEnd = s.rowsSeen;
        long[] r = s.windowRows;
        for (int i = r.length - 1; i >= 0 && batchEnd >= windowStart; i--) {
            used += s.windowRequested[i];
            batchEnd -= r[i];
        }
        long allowed = Math.floorDiv(sharePpm * Math.min(windowRows, end), MILLION) - used;
        return (int) Math.max(0, Math.min(rows, allowed));
    }

    /** Records a batch's rows and requests; keeps the batches a later window can still contain. */
    public void record(LabelRequesterState s, int rows, int requested) {
        int allowed = allowance(s, rows);
        if (requested > allowed) {
            throw new IllegalStateException(requested + " requests exceed the budget's " + allowed);
        }
        long[] r = append(s.windowRows, rows);
        long[] q = append(s.windowRequested, requested);
        s.rowsSeen += rows;
        s.requested += requested;
        // A batch that closed at or before row (seen − window + 1) is outside every later window.
        long firstKeptEnd = s.rowsSeen - windowRows + 2;
        int drop = 0;
        long end = s.rowsSeen;
        long[] ends = new long[r.length];
        for (int i = r.length - 1; i >= 0; i--) {
            ends[i] = end;
            end -= r[i];
        }
        while (drop < r.length && ends[drop] < firstKeptEnd) {
            drop++;
        }
        s.windowRows = Arrays.copyOfRange(r, drop, r.length);
        s.windowRequested = Arrays.copyOfRange(q, drop, q.length);
    }

    private static long[] append(long[] a, long v) {
        long[] in = a == null ? new long[0] : a;
        long[] all = Arrays.copyOf(in, in.length + 1);
        all[in.length] = v;
        return all;
    }
}
