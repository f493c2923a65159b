package dev.selfheal.drift;

/** The FIDI signal after one batch: its z-score, and whether that counts as drifting. */
public record FidiReading(double z, boolean drifting) {}
