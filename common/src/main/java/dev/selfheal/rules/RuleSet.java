package dev.selfheal.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Parsed rules, evaluated on raw (unstandardised) rows. A row is labelled fraud when some
 * {@code fraud} rule fires and no {@code normal} rule does: a {@code normal} rule is how a domain
 * expert carves out a known-benign exception.
 */
public final class RuleSet {

    /** Rule i is bit i of {@link #flags}; 31 keeps the mask a non-negative int in every output. */
    public static final int MAX_RULES = 31;

    private final List<Rule> rules;
    private final List<String> featureNames;
    private final int fraudMask;
    private final int normalMask;

    RuleSet(List<Rule> rules, List<String> featureNames) {
        if (rules.size() > MAX_RULES) {
            throw new IllegalArgumentException("at most " + MAX_RULES + " rules, got " + rules.size());
        }
        this.rules = List.copyOf(rules);
        this.featureNames = List.copyOf(featureNames);
        int fraud = 0;
        int normal = 0;
        for (int i = 0; i < this.rules.size(); i++) {
            if (this.rules.get(i).verdict() == Verdict.FRAUD) {
                fraud |= 1 << i;
            } else {
                normal |= 1 << i;
            }
        }
        this.fraudMask = fraud;
        this.normalMask = normal;
    }

    /** 1 when a fraud rule fires and no normal rule does, else 0. */
    public int label(float[] rawRow) {
        int fired = flags(rawRow);
        return (fired & fraudMask) != 0 && (fired & normalMask) == 0 ? 1 : 0;
    }

    /** Bit i set when rule i fires. */
    public int flags(float[] rawRow) {
        if (rawRow.length != featureNames.size()) {
            throw new IllegalArgumentException(
                    "row has " + rawRow.length + " values, rules expect " + featureNames.size());
        }
        int fired = 0;
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).fires(rawRow)) {
                fired |= 1 << i;
            }
        }
        return fired;
    }

    public int size() {
        return rules.size();
    }

    public List<Rule> rules() {
        return rules;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** Canonical text, rules joined by "; "; {@link RuleParser} turns it back into an equal set. */
    public String text() {
        return rules.stream().map(Rule::text).collect(Collectors.joining("; "));
    }

    /** One line per rule naming its flag bit, e.g. {@code rule 0: V14 < -1.5 => fraud}. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            lines.add("rule " + i + ": " + rules.get(i).text());
        }
        return lines;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleSet r && rules.equals(r.rules) && featureNames.equals(r.featureNames);
    }

    @Override
    public int hashCode() {
        return 31 * rules.hashCode() + featureNames.hashCode();
    }

    @Override
    public String toString() {
        return "RuleSet{" + text() + "}";
    }
}
