package dev.selfheal.healer;

/**
 * Platt scaling: fits {@code p' = σ(a·z + b)} to labelled rows by Newton's method on the log loss,
 * with a weak pull toward the identity (a = 1, b = 0) so a handful of rows cannot swing it far.
 * Targets are smoothed as Platt proposed ((n₊+1)/(n₊+2), 1/(n₋+2)) to avoid infinite logits.
 * Each Newton step is halved until it lowers the penalised loss: on saturated logits the Hessian
 * is nearly flat and a full step overshoots, so plain Newton can oscillate and end far from the
 * optimum (even on the wrong side of the identity).
 */
public final class PlattFit {
    private static final double PRIOR = 1.0;

    private PlattFit() {}

    /** @return {a, b} */
    public static double[] fit(float[] logits, int[] labels) {
        return fit(logits, labels, null);
    }

    /**
     * @param offsets added to each row's mapped logit and not scaled (an input path's term), or null
     * @return {a, b}
     */
    public static double[] fit(float[] logits, int[] labels, double[] offsets) {
        int pos = 0;
        for (int y : labels) {
            pos += y;
        }
        int neg = labels.length - pos;
        double hi = (pos + 1.0) / (pos + 2.0);
        double lo = 1.0 / (neg + 2.0);
        double a = 1;
        double b = 0;
        double loss = loss(logits, labels, offsets, hi, lo, a, b);
        for (int it = 0; it < 50; it++) {
            double ga = PRIOR * (a - 1);
            double gb = PRIOR * b;
            double haa = PRIOR;
            double hab = 0;
            double hbb = PRIOR;
            for (int i = 0; i < logits.length; i++) {
                double z = logits[i];
                double p = 1 / (1 + Math.exp(-(a * z + b + (offsets == null ? 0 : offsets[i]))));
                double t = labels[i] == 1 ? hi : lo;
                double r = p - t;
                double w = Math.max(p * (1 - p), 1e-12);
                ga += r * z;
                gb += r;
                haa += w * z * z;
                hab += w * z;
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (!(Math.abs(det) > 1e-12)) {
                break;
            }
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            double step = 1;
            double next = loss(logits, labels, offsets, hi, lo, a - da, b - db);
            while (!(next <= loss) && step > 1e-10) {
                step /= 2;
                next = loss(logits, labels, offsets, hi, lo, a - step * da, b - step * db);
            }
            if (!(next <= loss)) {
                break;
            }
            a -= step * da;
            b -= step * db;
            loss = next;
            if (Math.abs(step * da) < 1e-7 && Math.abs(step * db) < 1e-7) {
                break;
            }
        }
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return new double[] {1, 0};
        }
        return new double[] {a, b};
    }

    /** The penalised, smoothed log loss that the Newton steps minimise. */
    private static double loss(float[] logits, int[] labels, double[] offsets, double hi, double lo, double a,
                               double b) {
        double sum = PRIOR * ((a - 1) * (a - 1) + b * b) / 2;
        for (int i = 0; i < logits.length; i++) {
            double u = a * logits[i] + b + (offsets == null ? 0 : offsets[i]);
            double t = labels[i] == 1 ? hi : lo;
            sum += t * softplus(-u) + (1 - t) * softplus(u);
        }
        return sum;
    }

    /** log(1 + e^v) without overflow. */
    private static double softplus(double v) {
        return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }

    public static float logit(float p) {
        double q = Math.min(1 - 1e-7, Math.max(1e-7, p));
        return (float) Math.log(q / (1 - q));
    }
}
