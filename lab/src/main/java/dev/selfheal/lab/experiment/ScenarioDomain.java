package dev.selfheal.lab.experiment;

import dev.selfheal.model.DomainKnowledge;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.rules.RuleParser;
import dev.selfheal.rules.RuleSyntaxException;
import dev.selfheal.scenario.Scenario;

/**
 * The rules a model trained on a built-in scenario gets when none are asked for. The default rule
 * reads the reference columns; a family with columns of its own (sea, hyperplane) has no rule, so
 * it runs as {@code --rules ''} does: no rules and the key feature picked from the training data,
 * without the warning meant for data that was expected to have the default rule's feature.
 */
public final class ScenarioDomain {
    private ScenarioDomain() {}

    /** @param scenario the scenario the data came from, or null for data of the user's own */
    public static DomainKnowledge.Request forTraining(Scenario scenario, DomainKnowledge.Request asked) {
        if (scenario == null || asked.rules() != null || defaultRuleReads(scenario)) {
            return asked;
        }
        return new DomainKnowledge.Request("", asked.keyFeature());
    }

    private static boolean defaultRuleReads(Scenario scenario) {
        try {
            RuleParser.parse(ModelFactory.DEFAULT_RULES, scenario.featureNames());
            return true;
        } catch (RuleSyntaxException e) {
            return false;
        }
    }
}
