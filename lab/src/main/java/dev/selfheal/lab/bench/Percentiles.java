package dev.selfheal.lab.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Nearest-rank percentiles, of samples or of a 1-ms histogram. */
final class Percentiles {
    private Percentiles() {}

    /** The q-quantile (0..1) by nearest rank, NaN when there are no samples. */
    static double of(Collection<Double> samples, double q) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(samples);
        s.sort(null);
        int rank = (int) Math.ceil(q * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }

    /** The q-quantile of a histogram whose bucket i counts values in [i, i+1) ms. */
    static double ofHistogram(long[] buckets, double q) {
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return i;
            }
        }
        return buckets.length - 1;
    }

    static long total(long[] buckets) {
        long t = 0;
        for (long b : buckets) {
            t += b;
        }
        return t;
    }
}
