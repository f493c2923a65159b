package dev.selfheal.rules;

/** A lexical unit of rule text and where it starts. */
record Token(Kind kind, String text, int position) {

    enum Kind {
        WORD,
        NUMBER,
        COMPARATOR,
        ARROW,
        OPEN,
        CLOSE,
        SEPARATOR,
        /** A character that starts no token; the parser reports what it expected there instead. */
        OTHER,
        END
    }

    boolean isKeyword(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }
}
