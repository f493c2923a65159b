package dev.selfheal.job.zoo;

/**
 * The goals for our default profile, checked against a cell's means. A goal not met is
 * reported as missed with its figure; nothing is tuned to the goals.
 */
final class ZooGoals {
    private ZooGoals() {}

    /** @return null when no goal applies, else a short "met"/"missed" text with the goal */
    static String check(ZooCell ours, ZooCell frozenRef) {
        double acc = ours.stat("holdout_healed", "accuracy").mean();
        double f1 = ours.stat("holdout_healed", "f1").mean();
        double frozen = ours.stat("holdout_frozen", "accuracy").mean();
        String s = ours.scenario;
        String l = ours.labels;
        boolean immediate = l.equals("immediate");
        if ((s.equals("shift") || s.equals("gradual") || s.equals("recurring")) && immediate) {
            return verdict(acc >= 0.92 && f1 >= 0.70, "acc ≥ 0.92, F1 ≥ 0.70");
        }
        if (s.equals("shift") && l.startsWith("delay:5")) {
            return verdict(acc >= 0.90, "acc ≥ 0.90");
        }
        if (s.equals("shift") && l.startsWith("fraction:0.1")) {
            return verdict(acc >= 0.88, "acc ≥ 0.88");
        }
        if (s.equals("shift") && l.equals("none")) {
            return verdict(acc >= frozen, "≥ frozen (aim 0.85)") + (acc >= 0.85 ? ", ≥ 0.85" : ", < 0.85");
        }
        if (s.equals("seed") && immediate) {
            return verdict(acc >= 0.83 && acc >= frozen, "acc ≥ 0.83, ≥ frozen");
        }
        if (s.equals("prior") && immediate) {
            return verdict(acc >= 0.96, "acc ≥ 0.96");
        }
        if (s.equals("noise")) {
            if (acc > frozen + 0.005) {
                // Recalibrating the moved feature also undoes what it cost the frozen model.
                return String.format(java.util.Locale.ROOT, "not within 0.005 of frozen: better by %+.3f "
                        + "(no accuracy lost)", acc - frozen);
            }
            return verdict(Math.abs(acc - frozen) <= 0.005, "within 0.005 of frozen");
        }
        if (s.equals("poison") && immediate) {
            return verdict(acc >= 0.90, "acc ≥ 0.90; poisoned updates rejected (see events)");
        }
        return null;
    }

    private static String verdict(boolean met, String goal) {
        return (met ? "met" : "MISSED") + ": " + goal;
    }
}
