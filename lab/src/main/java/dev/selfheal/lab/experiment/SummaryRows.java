package dev.selfheal.lab.experiment;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows of an experiment's results table, read from {@code summary.json}: holdout figures (the
 * deployed model on clean data, frozen, shadow, healed, the baselines, rules, all-normal and the
 * ceiling), then prequential ones. One list for the console table and the HTML report, so both
 * show the same figures under the same names.
 */
public final class SummaryRows {
    /** The metrics of a row, in table order. */
    public static final List<String> METRICS = List.of("accuracy", "precision", "recall", "f1");

    /**
     * One row: a block of figures (a metric it lacks is left blank, as the ceiling's precision), or,
     * when {@code block} is null, a note saying why there are none.
     *
     * @param ours whether the row is the served, healed model
     */
    public record Row(String name, JsonNode block, String note, boolean ours) {
        /** The metric as a number, or null when the row has none. */
        public Double value(String metric) {
            return block != null && block.path(metric).isNumber() ? block.path(metric).asDouble() : null;
        }
    }

    private SummaryRows() {}

    /** The holdout rows, then the prequential rows; rows whose figures are absent are left out. */
    public static List<List<Row>> groups(JsonNode s) {
        List<Row> holdout = new ArrayList<>();
        add(holdout, "clean test, deployed model", s.get("clean"), false);
        add(holdout, "drift, frozen (never healed)", s.get("holdout_frozen"), false);
        add(holdout, "drift, shadow", s.get("holdout_shadow"), false);
        add(holdout, "drift, healed (final adapter)", s.get("holdout_healed"), true);
        baseline(holdout, s, "holdout_retrain", "drift, retrain (last " + window(s) + " labels)");
        baseline(holdout, s, "holdout_logistic", "drift, logistic (last " + window(s) + " labels)");
        add(holdout, "drift, rules alone", s.get("holdout_rules"), false);
        add(holdout, "drift, all normal", s.get("holdout_all_normal"), false);
        add(holdout, "drift, ceiling (Bayes-optimal)", s.get("ceiling"), false);
        List<Row> prequential = new ArrayList<>();
        add(prequential, "prequential, frozen", s.get("prequential_frozen"), false);
        add(prequential, "prequential, healed (served)", s.get("prequential_healed"), true);
        baseline(prequential, s, "prequential_retrain", "prequential, retrain");
        baseline(prequential, s, "prequential_logistic", "prequential, logistic");
        return List.of(holdout, prequential);
    }

    /** Heals, rejected updates, rollbacks, snapshots, final version and dead letters, as one line. */
    public static String counts(JsonNode s) {
        return String.format(Locale.ROOT, "heals %d, rejected updates %d, rollbacks %d, snapshots %d, final version %d, "
                        + "dead letters %d", s.path("heals").asInt(), s.path("rejected_updates").asInt(),
                s.path("rollbacks").asInt(), s.path("snapshots").asInt(), s.path("final_version").asLong(),
                s.path("dead_letters").asInt());
    }

    /** How many labels the job was given, and under which regime; null when the summary does not say. */
    public static String labels(JsonNode s) {
        if (!s.has("labels_used")) {
            return null;
        }
        return String.format(Locale.ROOT, "labels used %d (%s)%s", s.path("labels_used").asInt(),
                s.path("labels").asText(),
                s.has("labels_requested") ? ", of " + s.path("labels_requested").asInt() + " requested" : "");
    }

    private static void add(List<Row> rows, String name, JsonNode block, boolean ours) {
        if (block != null && !block.isNull()) {
            rows.add(new Row(name, block, null, ours));
        }
    }

    /** A baseline's row; "no labels" when none arrived to fit it on, nothing when baselines are off. */
    private static void baseline(List<Row> rows, JsonNode s, String key, String name) {
        if (!s.has(key)) {
            return;
        }
        if (s.get(key).isNull()) {
            if (s.path("baselines").path("window").asInt() > 0) {
                rows.add(new Row(name, null, "– (no labels to fit on)", false));
            }
            return;
        }
        rows.add(new Row(name, s.get(key), null, false));
    }

    private static String window(JsonNode s) {
        return s.path("baselines").path("window").asText("?");
    }
}
