package dev.selfheal.rules;

import dev.selfheal.rules.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Recursive-descent parser for the grammar in the package documentation. Errors are
 * {@link RuleSyntaxException}s (an IllegalArgumentException) giving the reason and the character
 * offset, e.g. {@code unknown feature 'V15' at 0}.
 */
public final class RuleParser {

    private static final String EXPECTED_VERDICT = "expected '=> fraud' or '=> normal'";

    private final List<Token> tokens;
    private final List<String> featureNames;
    private int next;

    private RuleParser(String text, List<String> featureNames) {
        this.tokens = RuleLexer.tokens(text);
        this.featureNames = featureNames;
    }

    /**
     * Parses rules over the given features. Text with no rules at all (empty, or only separators)
     * gives an empty set, which never labels anything fraud: "no rules" is a valid configuration.
     */
    public static RuleSet parse(String text, List<String> featureNames) {
        Objects.requireNonNull(text, "text");
        List<String> names = List.copyOf(featureNames);
        return new RuleParser(text, names).ruleSet();
    }

    private RuleSet ruleSet() {
        List<Rule> rules = new ArrayList<>();
        skipSeparators();
        while (peek().kind() != Kind.END) {
            if (rules.size() == RuleSet.MAX_RULES) {
                throw error("too many rules (at most " + RuleSet.MAX_RULES + ")", peek());
            }
            rules.add(rule());
            Token after = peek();
            if (after.kind() != Kind.SEPARATOR && after.kind() != Kind.END) {
                throw error("expected ';' or a new line after a rule", after);
            }
            skipSeparators();
        }
        return new RuleSet(rules, featureNames);
    }

    private Rule rule() {
        Condition condition = anyOf();
        if (peek().kind() != Kind.ARROW) {
            throw error(EXPECTED_VERDICT, peek());
        }
        advance();
        Token word = peek();
        Verdict verdict = word.kind() == Kind.WORD ? Verdict.ofWord(word.text()).orElse(null) : null;
        if (verdict == null) {
            throw error(EXPECTED_VERDICT, word);
        }
        advance();
        return new Rule(condition, verdict);
    }

    private Condition anyOf() {
        List<Condition> parts = new ArrayList<>();
        addFlattened(parts, allOf(), AnyOf.class);
        while (peek().isKeyword("or")) {
            advance();
            addFlattened(parts, allOf(), AnyOf.class);
        }
        return parts.size() == 1 ? parts.get(0) : new AnyOf(parts);
    }

    private Condition allOf() {
        List<Condition> parts = new ArrayList<>();
        addFlattened(parts, term(), AllOf.class);
        while (peek().isKeyword("and")) {
            advance();
            addFlattened(parts, term(), AllOf.class);
        }
        return parts.size() == 1 ? parts.get(0) : new AllOf(parts);
    }

    /**
     * "(a and b) and c" is stored as one three-part 'and', so canonical text (which drops the
     * redundant parentheses) parses back to an equal tree.
     */
    private static void addFlattened(List<Condition> parts, Condition part, Class<? extends Condition> kind) {
        if (part instanceof AllOf all && kind == AllOf.class) {
            parts.addAll(all.parts());
        } else if (part instanceof AnyOf any && kind == AnyOf.class) {
            parts.addAll(any.parts());
        } else {
            parts.add(part);
        }
    }

    private Condition term() {
        Token first = peek();
        if (first.kind() == Kind.OPEN) {
            advance();
            Condition inner = anyOf();
            if (peek().kind() != Kind.CLOSE) {
                throw error("expected ')'", peek());
            }
            advance();
            return inner;
        }
        if (first.kind() != Kind.WORD) {
            throw error("expected a feature name", first);
        }
        int index = featureNames.indexOf(first.text());
        if (index < 0) {
            throw error("unknown feature '" + first.text() + "'", first);
        }
        advance();
        Token op = peek();
        if (op.kind() != Kind.COMPARATOR) {
            throw error("expected operator after '" + first.text() + "'", op);
        }
        advance();
        Token number = peek();
        if (number.kind() != Kind.NUMBER) {
            throw error("expected number after '" + op.text() + "'", number);
        }
        float threshold = Float.parseFloat(number.text());
        if (!Float.isFinite(threshold)) {
            throw error("number out of range '" + number.text() + "'", number);
        }
        advance();
        return new Comparison(first.text(), index, Operator.ofSymbol(op.text()), threshold);
    }

    private void skipSeparators() {
        while (peek().kind() == Kind.SEPARATOR) {
            advance();
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private void advance() {
        next++;
    }

    private static RuleSyntaxException error(String reason, Token at) {
        return new RuleSyntaxException(reason, at.position());
    }
}
