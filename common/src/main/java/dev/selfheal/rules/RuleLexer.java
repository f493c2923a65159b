package dev.selfheal.rules;

import dev.selfheal.rules.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits rule text into tokens. It never fails: a stray character becomes an {@link Kind#OTHER}
 * token, so the parser can say what it expected there ("expected operator after 'V14'") rather
 * than just that the character is odd.
 */
final class RuleLexer {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private RuleLexer() {}

    static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        Matcher number = NUMBER.matcher(text);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int start = i;
            Kind kind;
            if (c == ';' || c == '\n') {
                kind = Kind.SEPARATOR;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
                continue;
            } else if (Character.isLetter(c) || c == '_') {
                do {
                    i++;
                } while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'));
                kind = Kind.WORD;
            } else if (number.region(i, text.length()).lookingAt()) {
                i = number.end();
                kind = Kind.NUMBER;
            } else if (c == '<' || c == '>') {
                i += i + 1 < text.length() && text.charAt(i + 1) == '=' ? 2 : 1;
                kind = Kind.COMPARATOR;
            } else if (c == '=' && i + 1 < text.length() && text.charAt(i + 1) == '>') {
                i += 2;
                kind = Kind.ARROW;
            } else if (c == '(' || c == ')') {
                i++;
                kind = c == '(' ? Kind.OPEN : Kind.CLOSE;
            } else {
                i++;
                kind = Kind.OTHER;
            }
            tokens.add(new Token(kind, text.substring(start, i), start));
        }
        tokens.add(new Token(Kind.END, "", text.length()));
        return tokens;
    }
}
