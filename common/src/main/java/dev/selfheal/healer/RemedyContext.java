package dev.selfheal.healer;

import dev.selfheal.model.Calibration;

import java.util.List;

/**
 * What a {@link Remedy} sees of one batch (read it, do not change it).
 *
 * @param state            the healer's state for this model
 * @param config           the configuration in force (live overrides applied)
 * @param in               the batch
 * @param x                the batch's rows' raw features
 * @param train            labelled rows the remedy may train on: this batch's for the composed
 *                         update, the recent window for remedies that fit on their own
 * @param heldBack         recent labelled rows never trained on
 * @param threshold        the served decision threshold
 * @param healDue          whether the drift or conflict trigger calls for a heal
 * @param recalibration    the input calibration the recent feature moments call for
 * @param calibrationChange how far that is from the served calibration, in training deviations
 * @param servedSince      the batch the served version was made at (its snapshot's): labelled rows
 *                         of later batches are rows it never trained on
 */
public record RemedyContext(HealerState state, HealerConfig config, HealBatchInput in, float[][] x,
                            List<LabelledRow> train, List<LabelledRow> heldBack, double threshold, boolean healDue,
                            Calibration recalibration, double calibrationChange, long servedSince) {}
