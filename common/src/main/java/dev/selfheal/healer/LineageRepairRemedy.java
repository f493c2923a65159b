package dev.selfheal.healer;

import dev.selfheal.heal.Registry;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.metrics.Confusion;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ServedAdapter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A partial step back: candidate = current + α·(ancestor − current), over the whole served vector
 * (adapter, calibration, input path). The ancestor is the served adapter's nearest healthy one in
 * the lineage: of its nearest distinct ancestors, the one that scores best on the recent held-back
 * rows (never trained on by any version); α comes from {@link RepairConfig#steps()}. A rollback
 * takes the full step and throws away whatever the versions since have learned that still holds; a
 * partial step can keep some of it.
 *
 * <p>Ancestor and α are chosen on one half of the held-back rows (split by id), and the candidate
 * then goes through the healer's standard validation on all of them, like any other. It proposes
 * only when it beats the served adapter and is at least as accurate as the full step on its half;
 * otherwise the rollback goes ahead as it would have.
 */
public final class LineageRepairRemedy implements Remedy {
    public static final String NAME = "lineage repair";
    /** Tells this split of the held-back rows from the others. */
    private static final long SALT = 0x5E1F4EA1L;

    private final FraudModel model;
    private final AdapterEvaluator evaluator;
    private final Registry registry;
    private final RepairConfig config;
    private final int minSamples;

    public LineageRepairRemedy(FraudModel model, AdapterEvaluator evaluator, Registry registry, RepairConfig config,
                               int minSamples) {
        this.model = model;
        this.evaluator = evaluator;
        this.registry = registry;
        this.config = config;
        this.minSamples = minSamples;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean applies(RemedyContext c) {
        return config.enabled() && c.heldBack().size() >= Math.max(2, minSamples);
    }

    @Override
    public Proposal propose(RemedyContext c, ServedAdapter base) {
        List<LabelledRow> rows = selection(c.heldBack());
        float[][] x = new float[rows.size()][];
        int[] y = new int[rows.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rows.get(i).features;
            y[i] = rows.get(i).label;
        }
        float[] current = base.toVector();
        Fit served = fit(current, x, y, c.threshold());
        Snapshot ancestor = null;
        Fit best = null;
        List<float[]> seen = new ArrayList<>();
        seen.add(current);
        List<Snapshot> lineage = registry.lineage(c.state().currentVersion);
        for (int i = 1; i < lineage.size() && seen.size() <= config.ancestors(); i++) {
            Snapshot a = lineage.get(i);
            if (a.adapter().length != current.length || seen.stream().anyMatch(v -> Arrays.equals(v, a.adapter()))) {
                continue;
            }
            seen.add(a.adapter());
            Fit f = fit(a.adapter(), x, y, c.threshold());
            if (best == null || f.better(best)) {
                ancestor = a;
                best = f;
            }
        }
        if (ancestor == null || !(best.accuracy > served.accuracy)) {
            return null;
        }
        double alpha = Double.NaN;
        Fit step = null;
        float[] candidate = null;
        Map<String, Object> tried = new LinkedHashMap<>();
        for (double a : config.steps()) {
            float[] v = blend(current, ancestor.adapter(), a);
            Fit f = fit(v, x, y, c.threshold());
            tried.put(String.format(Locale.ROOT, "%.2f", a), f.accuracy);
            if (step == null || f.logLoss < step.logLoss) {
                alpha = a;
                step = f;
                candidate = v;
            }
        }
        tried.put("1.00", best.accuracy);
        if (step.accuracy < best.accuracy || !(step.accuracy > served.accuracy)) {
            return null;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("repair_ancestor", ancestor.version());
        d.put("repair_alpha", alpha);
        d.put("repair_rows", rows.size());
        d.put("repair_served_accuracy", served.accuracy);
        d.put("repair_accuracy_by_alpha", tried);
        String describe = String.format(Locale.ROOT, "lineage repair toward v%d (alpha %.2f)", ancestor.version(),
                alpha);
        return new Proposal(ServedAdapter.of(candidate, model.adapterShape(), model.features().size()), describe, d);
    }

    /** Half of the held-back rows by id, or all of them when half would be too few to choose on. */
    private List<LabelledRow> selection(List<LabelledRow> held) {
        List<LabelledRow> half = held.stream().filter(r -> HoldBack.isHeldBack(SALT, r.id, 0.5)).toList();
        return half.size() >= Math.max(2, minSamples / 2) ? half : held;
    }

    static float[] blend(float[] current, float[] ancestor, double alpha) {
        float[] out = new float[current.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (current[i] + alpha * ((double) ancestor[i] - current[i]));
        }
        return out;
    }

    private Fit fit(float[] vector, float[][] x, int[] y, double threshold) {
        float[] p = evaluator.probabilities(vector, x);
        double loss = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
            loss -= y[i] == 1 ? Math.log(q) : Math.log(1 - q);
        }
        return new Fit(Confusion.of(p, y, threshold).accuracy(), p.length == 0 ? 0 : loss / p.length);
    }

    /** Accuracy first (what validation judges), log loss to break ties. */
    private record Fit(double accuracy, double logLoss) {
        boolean better(Fit o) {
            return accuracy > o.accuracy || (accuracy == o.accuracy && logLoss < o.logLoss);
        }
    }
}
