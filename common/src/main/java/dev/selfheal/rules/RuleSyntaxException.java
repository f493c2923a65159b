package dev.selfheal.rules;

/** Rule text that does not parse. The message reads "{reason} at {position}". */
public final class RuleSyntaxException extends IllegalArgumentException {

    private final String reason;
    private final int position;

    RuleSyntaxException(String reason, int position) {
        super(reason + " at " + position);
        this.reason = reason;
        this.position = position;
    }

    public String reason() {
        return reason;
    }

    /** 0-based character offset into the rule text. */
    public int position() {
        return position;
    }
}
