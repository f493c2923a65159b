package dev.selfheal.scenario;

import dev.selfheal.data.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Draws rows from a {@link Distribution} with exact class, mode and flip counts, into one output file. */
final class PopulationSampler {
    static final long START_TS = 1_700_000_000_000L;
    static final long TS_STEP_MS = 10;
    static final int ACCOUNTS = 1000;
    private static final int NORMAL = 0;
    private static final int FRAUD = 1;
    private static final int FRAUD_SECOND_MODE = 2;

    private final SplittableRandom rng;
    private final String idPrefix;
    private int rowsDrawn;

    /** @param idPrefix ids become {@code <prefix>-000001}, ... and timestamps run on across calls */
    PopulationSampler(SplittableRandom rng, String idPrefix) {
        this.rng = rng;
        this.idPrefix = idPrefix;
    }

    List<Transaction> draw(Distribution law, int n, int batch) {
        int fraud = (int) Math.round(law.fraudShare() * n);
        int[] kinds = shuffledKinds(n, fraud, law.secondModeRows(fraud));
        List<Transaction> rows = new ArrayList<>(n);
        for (int kind : kinds) {
            rowsDrawn++;
            String id = String.format("%s-%06d", idPrefix, rowsDrawn);
            String key = "acct-" + rng.nextInt(ACCOUNTS);
            long ts = START_TS + (rowsDrawn - 1) * TS_STEP_MS;
            int cls = kind == NORMAL ? 0 : 1;
            rows.add(new Transaction(id, key, ts, batch, cls, law.features(cls == 1, kind == FRAUD_SECOND_MODE, rng)));
        }
        flipLabels(rows, (int) Math.round(law.flippedLabelShare() * n));
        return rows;
    }

    /**
     * Exact counts of each kind of row, shuffled. The shuffle's draws do not depend on the kinds, so
     * laws without a second mode draw exactly what they drew before modes existed.
     */
    private int[] shuffledKinds(int n, int fraud, int secondMode) {
        int[] kinds = new int[n];
        for (int i = 0; i < fraud; i++) {
            kinds[i] = i < secondMode ? FRAUD_SECOND_MODE : FRAUD;
        }
        shuffle(kinds, n);
        return kinds;
    }

    /** Flips exactly {@code count} carried labels; the true class stays for evaluation. */
    private void flipLabels(List<Transaction> rows, int count) {
        if (count == 0) {
            return;
        }
        int[] order = new int[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle(order, count);
        for (int i = 0; i < count; i++) {
            Transaction t = rows.get(order[order.length - 1 - i]);
            t.label = 1 - t.trueLabel;
        }
    }

    /**
     * Fisher–Yates from the end; after {@code steps} swaps the last {@code steps} slots hold a
     * uniform random sample, so a partial shuffle is enough to pick flipped rows.
     */
    private void shuffle(int[] a, int steps) {
        for (int s = 0, i = a.length - 1; s < steps && i > 0; s++, i--) {
            int j = rng.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
