package dev.selfheal.healer;

import dev.selfheal.heal.Registry;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.math.ChiSquared;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ServedAdapter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves an earlier version again when the newest labels say it predicts them better than the
 * served one. A concept that comes back (last season's fraud pattern, a relation that turned round
 * and back) was learned once already; fitting it anew from the few labels of its return takes
 * batches, and with scarce labels its phase may be over first.
 *
 * <p>The evidence is the newest labelled rows, as many as the validation pool holds: what the
 * concept is now, not what it was phases ago. Of those, an earlier version is judged on the ones it
 * never trained on (of batches after it was made). The served version may have trained on some of
 * them, which can only favour it, so the comparison errs on the side of keeping it. On the newest
 * 10, 20, 40, … of those rows and on all of them (a concept that just came back shows in the newest
 * few), the rows only the earlier version decides right are counted against the rows only the
 * served one does: a one-sided sign test at {@link RepairConfig#recallLevel()}, divided among the
 * versions and row counts tested. The earlier version must also have the lower mean log loss on
 * the same rows. The test is the judgement.
 */
public final class RecallRemedy implements Remedy {
    public static final String NAME = "recall";
    /** The fewest rows tested: fewer cannot clear the test at any usual level. */
    static final int MIN_ROWS = 10;

    private final FraudModel model;
    private final AdapterEvaluator evaluator;
    private final Registry registry;
    private final RepairConfig config;

    public RecallRemedy(FraudModel model, AdapterEvaluator evaluator, Registry registry, RepairConfig config) {
        this.model = model;
        this.evaluator = evaluator;
        this.registry = registry;
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Only when labels arrived: without new evidence the verdict would be the last one's. */
    @Override
    public boolean applies(RemedyContext c) {
        return config.recall() && !c.in().newlyLabelled().isEmpty()
                && c.train().size() + c.heldBack().size() >= MIN_ROWS;
    }

    /** The best earlier version when it clears the test, else null (nothing to judge, nothing refused). */
    @Override
    public Proposal propose(RemedyContext c, ServedAdapter base) {
        Found found = best(c.state(), newestFirst(c.train(), c.heldBack(), c.config().validationPool()),
                c.threshold());
        if (found == null) {
            return null;
        }
        Comparison best = found.comparison();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("recall_version", found.version().version());
        d.put("recall_rows", best.n());
        d.put("recall_only_recalled_right", best.onlyRecalled());
        d.put("recall_only_served_right", best.onlyServed());
        d.put("recall_z", best.z());
        d.put("recall_bar", found.bar());
        d.put("recall_versions_scored", found.scored());
        d.put("recall_log_loss", best.recalledLoss());
        d.put("served_log_loss", best.servedLoss());
        return new Proposal(ServedAdapter.of(found.version().adapter(), model.adapterShape(), model.features().size()),
                "recall of v" + found.version().version(), d);
    }

    /** An earlier version that cleared the test on some rows, with the bar it cleared. */
    record Found(Snapshot version, Comparison comparison, double bar, int scored) {}

    /**
     * The earlier version that decides {@code rows} (newest first) best against the served one, if
     * it clears the test; null when none does or recall is off.
     */
    Found best(HealerState s, List<LabelledRow> rows, double threshold) {
        if (!config.recall() || rows.size() < MIN_ROWS) {
            return null;
        }
        float[] served = s.currentAdapter;
        List<Snapshot> versions = candidates(s.currentVersion, served);
        if (versions.isEmpty()) {
            return null;
        }
        // Each version is tested on up to this many prefixes of its rows; the bar counts them all.
        double bar = ChiSquared.normalUpperQuantile(
                config.recallLevel() / (versions.size() * prefixes(rows.size()).length));
        Comparison best = null;
        Snapshot chosen = null;
        for (Snapshot v : versions) {
            List<LabelledRow> unseen = rows.stream().filter(r -> r.batch > v.batch()).toList();
            if (unseen.size() < MIN_ROWS) {
                continue;
            }
            float[][] x = LabelledRow.features(unseen);
            int[] y = LabelledRow.labels(unseen);
            float[] pServed = evaluator.probabilities(served, x);
            float[] pRecalled = evaluator.probabilities(v.adapter(), x);
            for (int n : prefixes(unseen.size())) {
                Comparison k = Comparison.of(pServed, pRecalled, y, n, threshold);
                if (k.recalledLoss() < k.servedLoss() && (best == null || k.z() > best.z())) {
                    best = k;
                    chosen = v;
                }
            }
        }
        return best != null && best.z() > bar ? new Found(chosen, best, bar, versions.size()) : null;
    }

    @Override
    public Judgement judge(RemedyContext c, Proposal proposal) {
        Map<String, Object> d = proposal.details();
        return new Judgement(true, String.format(Locale.ROOT,
                "v%s decides %s of the newest %s labelled rows it never trained on right where the served version "
                        + "does not, against %s (z %.2f > %.2f); log loss %.4f vs %.4f",
                d.get("recall_version"), d.get("recall_only_recalled_right"), d.get("recall_rows"),
                d.get("recall_only_served_right"), (double) d.get("recall_z"), (double) d.get("recall_bar"),
                (double) d.get("recall_log_loss"), (double) d.get("served_log_loss")), Map.of());
    }

    /** 10, 20, 40, … below {@code n}, then {@code n}. */
    static int[] prefixes(int n) {
        List<Integer> sizes = new ArrayList<>();
        for (int k = MIN_ROWS; k < n; k *= 2) {
            sizes.add(k);
        }
        sizes.add(n);
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The newest {@code limit} of the rows, newest batch first. */
    static List<LabelledRow> newestFirst(List<LabelledRow> train, List<LabelledRow> heldBack, int limit) {
        List<LabelledRow> rows = new ArrayList<>(train);
        rows.addAll(heldBack);
        rows.sort(Comparator.comparingLong((LabelledRow r) -> r.batch).reversed());
        return rows.subList(0, Math.min(rows.size(), limit));
    }

    /**
     * The newest distinct servable weights other than the served ones, at most {@code recallVersions};
     * of several versions with the same weights, the oldest, which has the most rows it never saw.
     * At most four times as many versions are read (each is decoded from the state backend).
     */
    private List<Snapshot> candidates(long current, float[] served) {
        List<Snapshot> out = new ArrayList<>();
        List<Long> servable = registry.servableNewestFirst();
        for (long version : servable.subList(0, Math.min(servable.size(), 4 * config.recallVersions()))) {
            if (version == current) {
                continue;
            }
            Snapshot s = registry.get(version).orElse(null);
            if (s == null || Arrays.equals(s.adapter(), served)) {
                continue;
            }
            int same = indexOfWeights(out, s.adapter());
            if (same >= 0) {
                out.set(same, s);
            } else if (out.size() < config.recallVersions()) {
                out.add(s);
            }
        }
        return out;
    }

    private static int indexOfWeights(List<Snapshot> snapshots, float[] weights) {
        for (int i = 0; i < snapshots.size(); i++) {
            if (Arrays.equals(snapshots.get(i).adapter(), weights)) {
                return i;
            }
        }
        return -1;
    }

    /** The sign test and the log losses of a recalled version against the served one on the same rows. */
    record Comparison(int n, int onlyRecalled, int onlyServed, double z, double servedLoss, double recalledLoss) {
        /** On the first {@code n} rows. */
        static Comparison of(float[] served, float[] recalled, int[] y, int n, double threshold) {
            int onlyRecalled = 0;
            int onlyServed = 0;
            double servedLoss = 0;
            double recalledLoss = 0;
            for (int i = 0; i < n; i++) {
                boolean servedRight = (served[i] > threshold) == (y[i] == 1);
                boolean recalledRight = (recalled[i] > threshold) == (y[i] == 1);
                if (recalledRight && !servedRight) {
                    onlyRecalled++;
                } else if (servedRight && !recalledRight) {
                    onlyServed++;
                }
                servedLoss += HeldBackLogLoss.loss(served[i], y[i]);
                recalledLoss += HeldBackLogLoss.loss(recalled[i], y[i]);
            }
            double z = LearnableDisagreement.signZ(onlyRecalled, onlyServed);
            return new Comparison(n, onlyRecalled, onlyServed, z, servedLoss / Math.max(1, n),
                    recalledLoss / Math.max(1, n));
        }
    }
}
