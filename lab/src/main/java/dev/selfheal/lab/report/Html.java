package dev.selfheal.lab.report;

/**
 * Builds HTML (and inline SVG) text in which every text and attribute value is escaped: run data
 * such as feature names, model ids and request reasons comes from user files and must never become
 * markup. Elements are written as well-formed XML (void elements self-closed), so a report is also
 * readable by an XML parser.
 */
public final class Html {
    private final StringBuilder b = new StringBuilder();

    /** Escapes {@code & < > " '} for text and attribute values; null is the empty string. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters other than tab and line breaks are not allowed in HTML text.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append(' ');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Opens {@code tag} with attributes given as name, value pairs (a null value leaves the attribute out). */
    public Html open(String tag, String... attributes) {
        start(tag, attributes);
        b.append('>');
        return this;
    }

    public Html close(String tag) {
        b.append("</").append(tag).append('>');
        return this;
    }

    /** An element holding only escaped text. */
    public Html element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** An element without content, self-closed ({@code <img .../>}, {@code <rect .../>}). */
    public Html empty(String tag, String... attributes) {
        start(tag, attributes);
        b.append("/>");
        return this;
    }

    public Html text(String text) {
        b.append(escape(text));
        return this;
    }

    /** Text in which {@code `spans`} become {@code <code>} elements, as in the Markdown outputs. */
    public Html textWithCode(String text) {
        String[] parts = (text == null ? "" : text).split("`", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 1 && i < parts.length - 1) {
                element("code", parts[i]);
            } else {
                text(i % 2 == 1 ? "`" + parts[i] : parts[i]);
            }
        }
        return this;
    }

    /**
     * Appends markup as it is: only for constants of the report classes (the doctype, the style
     * sheet), never for anything read from a run.
     */
    Html constant(String markup) {
        b.append(markup);
        return this;
    }

    /** Appends what another builder wrote (already escaped by it). */
    public Html append(Html other) {
        b.append(other.b);
        return this;
    }

    public Html newline() {
        b.append('\n');
        return this;
    }

    @Override
    public String toString() {
        return b.toString();
    }

    private void start(String tag, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes of <" + tag + "> must be name, value pairs");
        }
        b.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                b.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
            }
        }
    }
}
