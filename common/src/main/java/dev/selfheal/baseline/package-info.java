/**
 * What a team would do instead of healing, measured beside every result: fit a fresh model on the
 * last labelled rows and serve it. {@link dev.selfheal.baseline.RetrainBaseline} retrains the
 * model's own architecture from scratch, {@link dev.selfheal.baseline.LogisticBaseline} fits a
 * logistic regression on the features and their squares; {@link dev.selfheal.baseline.BaselineRun}
 * replays a stream so that each baseline only ever sees the labels that had arrived. These are
 * offline references, computed beside the job, never part of it.
 */
package dev.selfheal.baseline;
