package dev.selfheal.scenario;

import dev.selfheal.data.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Draws rows from a {@link Population} with exact class and flip counts, into one output file. */
final class PopulationSampler {
    static final long START_TS = 1_700_000_000_000L;
    static final long TS_STEP_MS = 10;
    static final int ACCOUNTS = 1000;

    private final SplittableRandom rng;
    private final String idPrefix;
    private int rowsDrawn;

    /** @param idPrefix ids become {@code <prefix>-000001}, ... and timestamps run on across calls */
    PopulationSampler(SplittableRandom rng, String idPrefix) {
        this.rng = rng;
        this.idPrefix = idPrefix;
    }

    List<Transaction> draw(Population population, int n, int batch) {
        int[] classes = shuffledClasses(n, (int) Math.round(population.fraudShare() * n));
        List<Transaction> rows = new ArrayList<>(n);
        for (int cls : classes) {
            rowsDrawn++;
            String id = String.format("%s-%06d", idPrefix, rowsDrawn);
            String key = "acct-" + rng.nextInt(ACCOUNTS);
            long ts = START_TS + (rowsDrawn - 1) * TS_STEP_MS;
            rows.add(new Transaction(id, key, ts, batch, cls, features(population, cls)));
        }
        flipLabels(rows, (int) Math.round(population.flippedLabelShare() * n));
        return rows;
    }

    private float[] features(Population population, int cls) {
        float[] x = new float[ScenarioGenerator.FEATURE_NAMES.size()];
        for (int j = 0; j < x.length; j++) {
            if (j == ScenarioGenerator.V14) {
                Gaussian v14 = cls == 1 ? population.fraudV14() : population.normalV14();
                x[j] = (float) v14.sample(rng);
            } else if (j == ScenarioGenerator.NOISE_FEATURE) {
                x[j] = (float) (rng.nextGaussian() + population.noiseOffset());
            } else {
                x[j] = (float) rng.nextGaussian();
            }
        }
        return x;
    }

    private int[] shuffledClasses(int n, int fraud) {
        int[] classes = new int[n];
        for (int i = 0; i < fraud; i++) {
            classes[i] = 1;
        }
        shuffle(classes, n);
        return classes;
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
