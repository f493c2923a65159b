package dev.selfheal.lab.report;

/** One part of a report: an anchor id, a heading and its body. */
public interface Section {
    /** The section's element id (a link target from the report's contents line). */
    String id();

    String title();

    /** Writes the section's body; everything from run data goes through {@link Html}'s escaping. */
    void render(Html html);
}
