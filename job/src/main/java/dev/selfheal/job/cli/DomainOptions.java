package dev.selfheal.job.cli;

import dev.selfheal.model.DomainKnowledge;
import picocli.CommandLine.Option;

/**
 * `--rules` and `--key-feature`, shared by the commands that train or serve a model (`train`,
 * `experiment`, `demo`, `zoo`), so data with any column names runs with the same defaults and the
 * same one-line refusals everywhere.
 */
public final class DomainOptions {
    @Option(names = "--rules", paramLabel = "TEXT",
            description = "Domain rules, e.g. 'amount > 5000 and hour < 6 => fraud; merchant_risk > 0.9 => fraud'; "
                    + "an empty string for none. Default: 'V14 < -1.5 => fraud' when the data has V14, else none "
                    + "(with a warning).")
    String rules;
    @Option(names = "--key-feature", paramLabel = "F",
            description = "Feature the FIDI drift z-score watches. Default: V14 when the data has it, else the "
                    + "feature most correlated with the label in the training data.")
    String keyFeature;

    public DomainKnowledge.Request request() {
        return new DomainKnowledge.Request(rules, keyFeature);
    }
}
