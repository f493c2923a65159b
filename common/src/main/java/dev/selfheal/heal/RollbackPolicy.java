package dev.selfheal.heal;

import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether the served adapter has degraded enough, against its baseline, to restore an
 * earlier version.
 *
 * <p>Rolls back when the health window is full and its mean F1 is more than {@code f1Drop} below
 * the baseline F1, or its mean accuracy more than {@code accDrop} below the baseline accuracy. The
 * target is {@link Registry#bestPostHeal(long)} excluding the served version; without one there is
 * no rollback.
 *
 * <p>Caller contract after acting on a rollback: reset the {@link HealthWindow} and set the
 * baseline to the target's scores. Otherwise the next batch would be judged on the replaced
 * adapter's scores against the old baseline, and rollbacks would cascade.
 */
public final class RollbackPolicy {

    public static final double REFERENCE_F1_DROP = 0.08;
    public static final double REFERENCE_ACC_DROP = 0.10;

    private final double f1Drop;
    private final double accDrop;

    public RollbackPolicy(double f1Drop, double accDrop) {
        if (!(f1Drop >= 0) || !(accDrop >= 0)) {
            throw new IllegalArgumentException(
                    "drops must be finite and >= 0, got f1Drop " + f1Drop + ", accDrop " + accDrop);
        }
        this.f1Drop = f1Drop;
        this.accDrop = accDrop;
    }

    /** The reference's thresholds: F1 drop 0.08, accuracy drop 0.10. */
    public static RollbackPolicy reference() {
        return new RollbackPolicy(REFERENCE_F1_DROP, REFERENCE_ACC_DROP);
    }

    public double f1Drop() {
        return f1Drop;
    }

    public double accDrop() {
        return accDrop;
    }

    public RollbackDecision decide(Baseline baseline, HealthWindow window, Registry registry,
                                   long currentVersion) {
        if (!baseline.isSet()) {
            return RollbackDecision.none("no baseline");
        }
        if (!window.isFull()) {
            return RollbackDecision.none(
                    "health window " + window.count() + "/" + window.size() + " batches");
        }
        double f1Fall = baseline.f1() - window.meanF1();
        double accFall = baseline.accuracy() - window.meanAccuracy();
        boolean f1Degraded = f1Fall > f1Drop;
        boolean accDegraded = accFall > accDrop;
        String measured = String.format(Locale.ROOT,
                "mean f1 %.4f vs baseline %.4f (drop %.4f, limit %.4f), "
                        + "mean accuracy %.4f vs baseline %.4f (drop %.4f, limit %.4f)",
                window.meanF1(), baseline.f1(), f1Fall, f1Drop,
                window.meanAccuracy(), baseline.accuracy(), accFall, accDrop);
        if (!f1Degraded && !accDegraded) {
            return RollbackDecision.none("healthy: " + measured);
        }
        Optional<Snapshot> target = registry.bestPostHeal(currentVersion);
        if (target.isEmpty()) {
            return RollbackDecision.none("no better snapshot: " + measured);
        }
        Snapshot t = target.get();
        return RollbackDecision.to(t.version(), String.format(Locale.ROOT,
                "%s degraded: %s; target v%d (%s, f1 %.4f, accuracy %.4f on %d unseen rows)",
                f1Degraded && accDegraded ? "f1 and accuracy" : f1Degraded ? "f1" : "accuracy",
                measured, t.version(), t.tag(), t.scores().f1(), t.scores().accuracy(),
                t.scores().n()));
    }
}
