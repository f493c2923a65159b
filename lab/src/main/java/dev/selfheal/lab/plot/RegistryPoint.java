package dev.selfheal.lab.plot;

/**
 * One registry snapshot as plotted: its version, the version it was derived from, why it was
 * recorded (a {@code SnapshotTag} name or any operator label) and the score recorded with it.
 * Scores may be NaN when none was measured; such points are left out of the chart.
 */
public record RegistryPoint(long version, long parent, String tag, double f1, double accuracy) {}
