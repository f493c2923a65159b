package dev.selfheal.healer;

import dev.selfheal.heal.Baseline;
import dev.selfheal.heal.HealthWindow;
import dev.selfheal.heal.Registry;
import dev.selfheal.heal.RollbackDecision;
import dev.selfheal.heal.RollbackPolicy;
import dev.selfheal.heal.Scores;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.heal.SnapshotTag;
import dev.selfheal.math.ChiSquared;
import dev.selfheal.metrics.Confusion;

import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Rolls back when health falls below the baseline ({@link RollbackPolicy}). With
 * {@code rollback.rescore-targets}, every candidate target and the served adapter are first
 * re-measured on the recent held-back rows (scores recorded long ago, or on clean data, say little
 * about now), and the rollback happens only toward a target that does better than what is served;
 * below {@code rollback.rescore-level} 1, also with a lower held-back log loss, paired by row, by
 * more than chance at that level (one-sided z-test).
 */
public final class RescoringRollbackJudge implements RollbackJudge {
    private final BiFunction<float[], float[][], float[]> probabilities;

    /** @param probabilities the fraud probability of each row under a served vector (an evaluator's) */
    public RescoringRollbackJudge(BiFunction<float[], float[][], float[]> probabilities) {
        this.probabilities = probabilities;
    }

    @Override
    public Call decide(HealerState s, Registry registry, HealthWindow window, HealerConfig config, double thr) {
        Baseline baseline = new Baseline(s.baselineAccuracy, s.baselineF1);
        // Frozen means no automatic change of the served model at all, rollbacks included.
        if (!baseline.isSet() || s.frozen) {
            return Call.of(RollbackDecision.none(s.frozen ? "frozen" : "no baseline"));
        }
        RollbackDecision rb = new RollbackPolicy(config.rollbackF1Drop(), config.rollbackAccDrop())
                .decide(baseline, window, registry, s.currentVersion);
        if (!rb.rollback() || !config.strategy().rescoreTargets()) {
            return Call.of(rb);
        }
        return rescored(s, registry, config, thr);
    }

    private Call rescored(HealerState s, Registry registry, HealerConfig config, double thr) {
        List<LabelledRow> held = s.heldBack;
        if (held.size() < config.validationMinSamples()) {
            return Call.kept("rollback due but only " + held.size() + " held-back rows to choose a target on: kept v"
                    + s.currentVersion);
        }
        int[] y = LabelledRow.labels(held);
        float[][] x = LabelledRow.features(held);
        float[] pServed = probabilities.apply(s.currentAdapter, x);
        Scores served = scores(pServed, y, thr);
        long sameWeights = registry.get(s.currentVersion).filter(v -> v.tag() == SnapshotTag.ROLLBACK)
                .map(Snapshot::parentVersion).orElse(Snapshot.NO_PARENT);
        Snapshot best = null;
        Scores bestScores = null;
        float[] pBest = null;
        for (Snapshot snap : registry.list()) {
            if (snap.tag().isRollbackCandidate() && snap.version() != s.currentVersion
                    && snap.version() != sameWeights) {
                float[] p = probabilities.apply(snap.adapter(), x);
                Scores fresh = scores(p, y, thr);
                registry.updateScores(snap.version(), fresh);
                // The target is chosen on the measure the candidate must beat the served adapter on.
                if (bestScores == null || fresh.accuracy() > bestScores.accuracy()) {
                    best = snap;
                    bestScores = fresh;
                    pBest = p;
                }
            }
        }
        registry.updateScores(s.currentVersion, served);
        if (best == null || !(bestScores.accuracy() > served.accuracy())) {
            return Call.kept(String.format(Locale.ROOT, "rollback due, but no snapshot beats the served v%d "
                    + "(held-back accuracy %.3f) on %d recent held-back rows: kept", s.currentVersion,
                    served.accuracy(), held.size()));
        }
        double level = config.strategy().rescoreLevel();
        if (level < 1) {
            // Accuracy on a few dozen rows moves by whole rows; the paired per-row log loss uses every
            // row's confidence, so a real gain shows sooner and one row's luck does not pass as one.
            HeldBackLogLoss.Verdict v = HeldBackLogLoss.compare(pServed, pBest, y, 2, 0, thr);
            double critical = ChiSquared.normalUpperQuantile(level);
            if (!(v.candidateLoss() < v.currentLoss()) || !(v.z() >= critical)) {
                return Call.kept(String.format(Locale.ROOT, "rollback due, but v%d's held-back log loss %.4f against "
                        + "the served v%d's %.4f on %d rows is no clear gain (z %.2f < %.2f): kept",
                        best.version(), v.candidateLoss(), s.currentVersion, v.currentLoss(), v.n(), v.z(), critical));
            }
        }
        return Call.of(RollbackDecision.to(best.version(), String.format(Locale.ROOT,
                "health fell below the baseline; v%d scores %.3f on %d recent held-back rows against %.3f served",
                best.version(), bestScores.accuracy(), held.size(), served.accuracy())));
    }

    private static Scores scores(float[] p, int[] y, double thr) {
        Confusion c = Confusion.of(p, y, thr);
        return new Scores(c.accuracy(), c.f1(), y.length);
    }
}
