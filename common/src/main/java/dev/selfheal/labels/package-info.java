/**
 * Label requests: which rows of a heal batch are worth an investigator's time, within a budget.
 *
 * <p>{@link dev.selfheal.labels.LabelRequester} takes a {@link dev.selfheal.labels.ScoredBatch} (the
 * batch as HEAL scored it: the served model's probabilities, the other models' opinions, the drift
 * report) and returns {@link dev.selfheal.labels.LabelRequest}s, never more than
 * {@link dev.selfheal.labels.LabelBudget} allows over its sliding window. The strategies
 * ({@code random}, {@code uncertainty}, {@code disagreement}, {@code novelty}, and the default
 * {@code mix}) only choose among rows; the budget is enforced around them. State between batches is
 * plain data ({@link dev.selfheal.labels.LabelRequesterState}) so a Flink operator can keep it in
 * keyed state, and every random draw is seeded by model and batch, so a recovered job asks for the
 * same rows again.
 */
package dev.selfheal.labels;
