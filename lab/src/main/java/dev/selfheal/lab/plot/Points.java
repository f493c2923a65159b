package dev.selfheal.lab.plot;

import java.util.ArrayList;
import java.util.List;

/** The (x, y) pairs of one series; pairs with a NaN or infinite coordinate are dropped. */
final class Points {
    private final List<double[]> pairs = new ArrayList<>();

    void add(double x, double y) {
        if (Double.isFinite(x) && Double.isFinite(y)) {
            pairs.add(new double[] {x, y});
        }
    }

    boolean isEmpty() {
        return pairs.isEmpty();
    }

    double[] xs() {
        return pairs.stream().mapToDouble(p -> p[0]).toArray();
    }

    double[] ys() {
        return pairs.stream().mapToDouble(p -> p[1]).toArray();
    }
}
