package dev.selfheal.lab.experiment;

import dev.selfheal.data.Dataset;
import dev.selfheal.healer.AdapterEvaluator;
import dev.selfheal.metrics.Confusion;
import dev.selfheal.model.FraudModel;
import dev.selfheal.rules.RuleParser;
import dev.selfheal.rules.RuleSet;

/** Scores a labelled data set with a served-adapter vector, the rules alone, or all-normal. */
final class Evaluation {
    private Evaluation() {}

    static Confusion adapter(FraudModel model, float[] vector, double threshold, Dataset data) {
        try (AdapterEvaluator e = new AdapterEvaluator(model)) {
            return Confusion.of(e.probabilities(vector, data.features()), data.trueLabels(), threshold);
        }
    }

    /** The rules alone; null for a model without rules (all-normal is its own figure, not theirs). */
    static Confusion rules(FraudModel model, Dataset data) {
        if (model.rules() == null || model.rules().isBlank()) {
            return null;
        }
        Confusion c = new Confusion();
        RuleSet rules = RuleParser.parse(model.rules(), model.features());
        int[] y = data.trueLabels();
        for (int i = 0; i < data.size(); i++) {
            c.add(rules.label(data.rows().get(i).features) == 1, y[i] == 1);
        }
        return c;
    }

    static Confusion allNormal(Dataset data) {
        Confusion c = new Confusion();
        for (int y : data.trueLabels()) {
            c.add(false, y == 1);
        }
        return c;
    }
}
