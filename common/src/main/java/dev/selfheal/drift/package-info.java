/**
 * Drift signals for one batch of raw rows against what the model saw in training.
 *
 * <p>{@link dev.selfheal.drift.TrainingStats} is computed once at training time and stored with the
 * model. {@link dev.selfheal.drift.DriftMonitor} turns each batch into a
 * {@link dev.selfheal.drift.DriftReport}: the reference's FIDI z-score on one key feature (the heal
 * trigger) plus, per feature, PSI and a two-sample KS test (which feature moved, and how). Only
 * FIDI keeps state between batches, and that state is plain data
 * ({@link dev.selfheal.drift.FidiState}) so a Flink operator can keep it in keyed state.
 */
package dev.selfheal.drift;
