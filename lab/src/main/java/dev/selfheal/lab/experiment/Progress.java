package dev.selfheal.lab.experiment;

import java.io.PrintStream;

/** A one-line console progress bar over heal batches. */
final class Progress {
    private final PrintStream out;
    private final long total;
    private final boolean quiet;
    private final long started = System.nanoTime();
    private long shown = -1;

    Progress(PrintStream out, long total, boolean quiet) {
        this.out = out;
        this.total = Math.max(1, total);
        this.quiet = quiet;
    }

    void show(long done) {
        if (quiet || done == shown) {
            return;
        }
        shown = done;
        int width = 30;
        int filled = (int) Math.min(width, width * done / total);
        out.print("\r  [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total
                + " batches, " + String.format("%.1f s", (System.nanoTime() - started) / 1e9));
        out.flush();
    }

    void done(long done) {
        if (!quiet) {
            show(done);
            out.println();
        }
    }
}
