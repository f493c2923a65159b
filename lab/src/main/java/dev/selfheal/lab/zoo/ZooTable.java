package dev.selfheal.lab.zoo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The zoo table: one row per scenario × label regime, our profile beside the reference and the baselines. */
final class ZooTable {
    static final List<String> HEADER = List.of("scenario", "labels", "ceiling", "all-normal", "rules", "frozen",
            "shadow", "retrain", "logistic", "reference", "selfheal", "heals / rej / rb", "goal");
    /** The column of our profile, shown in bold. */
    static final int SELFHEAL = HEADER.indexOf("selfheal");

    private ZooTable() {}

    /** What the columns mean (Markdown: names of profiles in backticks). */
    static String intro(int seeds) {
        return "Holdout accuracy / F1, mean ± std over " + seeds + " seed(s). `selfheal` is our default "
                + "profile, `reference` the published reference method; frozen = deployed model never healed, "
                + "shadow = the shadow scorer (version 1), rules = the rule alone, all-normal = predict normal for everything, "
                + "ceiling = Bayes-optimal, retrain / logistic = the model's architecture trained from scratch / a "
                + "logistic regression on the features and their squares, each on the last labels that arrived "
                + "(– when none did). Heals / rejected / rollbacks are per run, for `selfheal`.";
    }

    /** The rows, one cell per {@link #HEADER} column; "–" where a cell has no figure. */
    static List<List<String>> rows(List<ZooCell> cells) {
        Map<String, ZooCell> ours = new LinkedHashMap<>();
        Map<String, ZooCell> ref = new LinkedHashMap<>();
        for (ZooCell c : cells) {
            (c.profile.equals("reference") ? ref : ours).put(c.scenario + "|" + c.labels, c);
        }
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(ours.keySet());
        keys.addAll(ref.keySet());
        List<List<String>> rows = new ArrayList<>();
        for (String key : keys) {
            ZooCell o = ours.get(key);
            ZooCell r = ref.get(key);
            ZooCell any = o != null ? o : r;
            JsonNode ceiling = any.runs.get(0).get("ceiling");
            rows.add(List.of(any.scenario, any.labels,
                    ceiling == null ? "–" : String.format(java.util.Locale.ROOT, "%.3f / %.3f",
                            ceiling.path("accuracy").asDouble(), ceiling.path("f1").asDouble()),
                    pair(any, "holdout_all_normal", false),
                    pair(any, "holdout_rules", false),
                    pair(any, "holdout_frozen", false),
                    pair(any, "holdout_shadow", false),
                    pair(any, "holdout_retrain", false),
                    pair(any, "holdout_logistic", false),
                    r == null ? "–" : pair(r, "holdout_healed", true),
                    o == null ? "–" : pair(o, "holdout_healed", true),
                    o == null ? "–" : o.count("heals").fmtMean() + " / " + o.count("rejected_updates").fmtMean()
                            + " / " + o.count("rollbacks").fmtMean(),
                    o == null ? "" : nullToEmpty(ZooGoals.check(o, r))));
        }
        return rows;
    }

    static String markdown(List<ZooCell> cells, int seeds) {
        StringBuilder b = new StringBuilder();
        b.append(intro(seeds)).append("\n\n");
        b.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
        b.append("|---".repeat(HEADER.size())).append("|\n");
        for (List<String> row : rows(cells)) {
            b.append('|');
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                b.append(' ').append(i == SELFHEAL && !cell.equals("–") ? "**" + cell + "**" : cell).append(" |");
            }
            b.append('\n');
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
