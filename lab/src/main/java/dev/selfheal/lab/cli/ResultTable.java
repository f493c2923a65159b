package dev.selfheal.lab.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;

/** The console's closing table: every quality figure beside the frozen model and the ceiling. */
final class ResultTable {
    private ResultTable() {}

    static void print(JsonNode s, PrintStream out) {
        out.println();
        out.printf("%-34s %9s %9s %9s %9s%n", "model (holdout unless noted)", "accuracy", "precision", "recall", "F1");
        out.println("-".repeat(74));
        row(out, "clean test, deployed model", s.get("clean"));
        row(out, "drift, frozen (never healed)", s.get("holdout_frozen"));
        row(out, "drift, shadow", s.get("holdout_shadow"));
        row(out, "drift, healed (final adapter)", s.get("holdout_healed"));
        baseline(out, s, "holdout_retrain", "drift, retrain (last " + window(s) + " labels)");
        baseline(out, s, "holdout_logistic", "drift, logistic (last " + window(s) + " labels)");
        row(out, "drift, rules alone", s.get("holdout_rules"));
        row(out, "drift, all normal", s.get("holdout_all_normal"));
        JsonNode c = s.get("ceiling");
        if (c != null) {
            out.printf("%-34s %9.3f %9s %9s %9.3f%n", "drift, ceiling (Bayes-optimal)", c.path("accuracy").asDouble(),
                    "", "", c.path("f1").asDouble());
        }
        out.println("-".repeat(74));
        row(out, "prequential, frozen", s.get("prequential_frozen"));
        row(out, "prequential, healed (served)", s.get("prequential_healed"));
        baseline(out, s, "prequential_retrain", "prequential, retrain");
        baseline(out, s, "prequential_logistic", "prequential, logistic");
        out.println("-".repeat(74));
        out.printf("heals %d, rejected updates %d, rollbacks %d, snapshots %d, final version %d, dead letters %d%n",
                s.path("heals").asInt(), s.path("rejected_updates").asInt(), s.path("rollbacks").asInt(),
                s.path("snapshots").asInt(), s.path("final_version").asLong(), s.path("dead_letters").asInt());
        if (s.has("labels_used")) {
            out.printf("labels used %d (%s)%s%n", s.path("labels_used").asInt(), s.path("labels").asText(),
                    s.has("labels_requested") ? ", of " + s.path("labels_requested").asInt() + " requested" : "");
        }
    }

    /** A baseline's row; "no labels" when none arrived to fit it on, nothing when baselines are off. */
    private static void baseline(PrintStream out, JsonNode s, String key, String name) {
        if (!s.has(key)) {
            return;
        }
        if (s.get(key).isNull()) {
            if (s.path("baselines").path("window").asInt() > 0) {
                out.printf("%-34s %9s%n", name, "– (no labels to fit on)");
            }
            return;
        }
        row(out, name, s.get(key));
    }

    private static String window(JsonNode s) {
        return s.path("baselines").path("window").asText("?");
    }

    private static void row(PrintStream out, String name, JsonNode b) {
        if (b == null) {
            return;
        }
        out.printf("%-34s %9.3f %9.3f %9.3f %9.3f%n", name, b.path("accuracy").asDouble(), b.path("precision").asDouble(),
                b.path("recall").asDouble(), b.path("f1").asDouble());
    }
}
