package dev.selfheal.model;

import dev.selfheal.data.CsvHeader;
import dev.selfheal.data.Dataset;
import dev.selfheal.drift.KeyFeature;
import dev.selfheal.rules.RuleParser;
import dev.selfheal.rules.RuleSyntaxException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a model is deployed with beside its weights: the domain rules (null = none) and the key
 * feature the FIDI drift z-score watches. Resolves what the user asked for, or left to the
 * defaults, against the data's features before any work starts, so that a rule naming a missing
 * feature or a key feature the model lacks is one clear line, never a failure inside a running task.
 *
 * <p>Defaults, for data of any shape: the rule {@value ModelFactory#DEFAULT_RULES} when the data has
 * {@code V14}, else no rules (with a warning); the key feature {@code V14} when present, else the
 * feature most correlated with the label in the training data ({@link KeyFeature}).
 *
 * @param notes lines to show the user once: a default that could not apply, a key feature chosen
 */
public record DomainKnowledge(String rules, String keyFeature, List<String> notes) {

    public DomainKnowledge {
        rules = rules == null || rules.isBlank() ? null : rules;
        notes = List.copyOf(notes);
    }

    /**
     * What the user asked for. {@code rules}: null = the default rule, blank = no rules.
     * {@code keyFeature}: null = the default choice.
     */
    public record Request(String rules, String keyFeature) implements java.io.Serializable {
        public static final Request DEFAULTS = new Request(null, null);
    }

    /** For a model about to be trained on {@code train}. */
    public static DomainKnowledge forTraining(Request request, Dataset train) {
        List<String> features = train.featureNames();
        List<String> notes = new ArrayList<>();
        String rules;
        if (request.rules() == null) {
            rules = ModelFactory.DEFAULT_RULES;
            try {
                RuleParser.parse(rules, features);
            } catch (RuleSyntaxException e) {
                notes.add("warning: the default rule '" + rules + "' needs " + ModelFactory.DEFAULT_KEY_FEATURE
                        + ", which the data does not have: running without rules (set some with --rules)");
                rules = null;
            }
        } else {
            rules = checkedRules(request.rules(), features, "--rules");
        }
        String key;
        if (request.keyFeature() != null) {
            key = checkedKeyFeature(request.keyFeature(), features, "--key-feature");
        } else if (features.contains(ModelFactory.DEFAULT_KEY_FEATURE)) {
            key = ModelFactory.DEFAULT_KEY_FEATURE;
        } else {
            KeyFeature k = KeyFeature.mostCorrelated(features, train.features(), train.labels());
            key = k.name();
            notes.add(Double.isNaN(k.correlation())
                    ? "key feature '" + key + "': no " + ModelFactory.DEFAULT_KEY_FEATURE + " in the data and no "
                            + "feature correlates with the label, so the drift z-score watches the first feature "
                            + "(--key-feature sets another)"
                    : String.format(Locale.ROOT, "key feature '%s': no %s in the data, so the drift z-score watches "
                            + "the feature most correlated with the label in the training data (r = %+.3f); "
                            + "--key-feature sets another", key, ModelFactory.DEFAULT_KEY_FEATURE, k.correlation()));
        }
        return new DomainKnowledge(rules, key, notes);
    }

    /**
     * For a model already trained (a model directory): its own rules and key feature unless the
     * request overrides them, every one checked against its features.
     */
    public static DomainKnowledge forModel(Request request, FraudModel model) {
        List<String> features = model.features();
        String rules = request.rules() != null ? checkedRules(request.rules(), features, "--rules")
                : checkedRules(model.rules(), features, "the model's rules");
        String key;
        if (request.keyFeature() != null) {
            key = checkedKeyFeature(request.keyFeature(), features, "--key-feature");
        } else if (model.keyFeature() != null) {
            key = model.keyFeature();
        } else if (features.contains(ModelFactory.DEFAULT_KEY_FEATURE)) {
            key = ModelFactory.DEFAULT_KEY_FEATURE;
        } else {
            throw new IllegalArgumentException("the model names no key feature and has no "
                    + ModelFactory.DEFAULT_KEY_FEATURE + ": choose one with --key-feature (features: "
                    + String.join(", ", features) + ")");
        }
        return new DomainKnowledge(rules, key, List.of());
    }

    /** The model with these rules and this key feature (weights and statistics unchanged). */
    public FraudModel applyTo(FraudModel m) {
        return new FraudModel(m.modelId(), m.features(), m.threshold(), rules, keyFeature, m.standardizer(),
                m.frozen(), m.adapter(), m.trainingStats(), m.training(), m.metrics(), m.signals());
    }

    /**
     * The rule text if it parses over {@code features}; null for none (null or blank text).
     *
     * @param source names the text in the error, e.g. {@code --rules}
     * @throws IllegalArgumentException one line: the source, the text, what is wrong and where
     */
    public static String checkedRules(String text, List<String> features, String source) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            RuleParser.parse(text, features);
            return text;
        } catch (IllegalArgumentException e) {
            String shown = text.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
            String msg = source + " '" + shown + "': " + e.getMessage();
            if (e instanceof RuleSyntaxException syntax && syntax.reason().startsWith("unknown feature")) {
                msg += "; the features are " + String.join(", ", features);
            }
            throw new IllegalArgumentException(msg, e);
        }
    }

    /**
     * @param source names the setting in the error, e.g. {@code --key-feature}
     * @throws IllegalArgumentException one line naming the feature and the features there are
     */
    public static String checkedKeyFeature(String key, List<String> features, String source) {
        if (features.contains(key)) {
            return key;
        }
        String why = CsvHeader.RESERVED.contains(key) ? " is a reserved column, not a feature" : " is not a feature";
        throw new IllegalArgumentException(source + " '" + key + "'" + why + "; the features are "
                + String.join(", ", features));
    }
}
