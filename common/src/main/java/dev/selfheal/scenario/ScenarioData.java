package dev.selfheal.scenario;

import dev.selfheal.data.Dataset;

/**
 * One generated scenario. {@code train} and {@code cleanTest} are clean; {@code stream} carries the
 * drift with batch numbers 1..n; {@code holdout} is fresh data from the end-of-stream distribution
 * and is never streamed.
 */
public record ScenarioData(Dataset train, Dataset cleanTest, Dataset stream, Dataset holdout) {}
