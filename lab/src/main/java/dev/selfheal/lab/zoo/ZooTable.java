package dev.selfheal.lab.zoo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** zoo.md: one row per scenario × label regime, our profile beside the reference and the baselines. */
final class ZooTable {
    private ZooTable() {}

    static String markdown(List<ZooCell> cells, int seeds) {
        Map<String, ZooCell> ours = new LinkedHashMap<>();
        Map<String, ZooCell> ref = new LinkedHashMap<>();
        for (ZooCell c : cells) {
            (c.profile.equals("reference") ? ref : ours).put(c.scenario + "|" + c.labels, c);
        }
        StringBuilder b = new StringBuilder();
        b.append("Holdout accuracy / F1, mean ± std over ").append(seeds).append(" seed(s). `selfheal` is our default "
                + "profile, `reference` the published reference method; frozen = deployed model never healed, "
                + "shadow = the shadow scorer (version 1), rules = the rule alone, all-normal = predict normal for everything, "
                + "ceiling = Bayes-optimal, retrain / logistic = the model's architecture trained from scratch / a "
                + "logistic regression on the features and their squares, each on the last labels that arrived "
                + "(– when none did). Heals / rejected / rollbacks are per run, for `selfheal`.\n\n");
        b.append("| scenario | labels | ceiling | all-normal | rules | frozen | shadow | retrain | logistic | reference "
                + "| selfheal | heals / rej / rb | goal |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(ours.keySet());
        keys.addAll(ref.keySet());
        for (String key : keys) {
            ZooCell o = ours.get(key);
            ZooCell r = ref.get(key);
            ZooCell any = o != null ? o : r;
            JsonNode ceiling = any.runs.get(0).get("ceiling");
            b.append("| ").append(any.scenario).append(" | ").append(any.labels).append(" | ")
                    .append(ceiling == null ? "–" : String.format(java.util.Locale.ROOT, "%.3f / %.3f",
                            ceiling.path("accuracy").asDouble(), ceiling.path("f1").asDouble()))
                    .append(" | ").append(pair(any, "holdout_all_normal", false))
                    .append(" | ").append(pair(any, "holdout_rules", false))
                    .append(" | ").append(pair(any, "holdout_frozen", false))
                    .append(" | ").append(pair(any, "holdout_shadow", false))
                    .append(" | ").append(pair(any, "holdout_retrain", false))
                    .append(" | ").append(pair(any, "holdout_logistic", false))
                    .append(" | ").append(r == null ? "–" : pair(r, "holdout_healed", true))
                    .append(" | ").append(o == null ? "–" : "**" + pair(o, "holdout_healed", true) + "**")
                    .append(" | ").append(o == null ? "–" : o.count("heals").fmtMean() + " / "
                            + o.count("rejected_updates").fmtMean() + " / " + o.count("rollbacks").fmtMean())
                    .append(" | ").append(o == null ? "" : nullToEmpty(ZooGoals.check(o, r)))
                    .append(" |\n");
        }
        return b.toString();
    }

    private static String pair(ZooCell c, String block, boolean withStd) {
        ZooCell.Stat a = c.stat(block, "accuracy");
        ZooCell.Stat f = c.stat(block, "f1");
        return withStd ? a.fmt() + " / " + f.fmt() : a.fmtMean() + " / " + f.fmtMean();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
