package dev.selfheal.job.heal;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.ArrivedLabel;
import dev.selfheal.job.event.DeadLetterRecord;

import java.util.Arrays;

/**
 * The dead letters HEAL writes, each with the input as HEAL received it. HEAL never sees the text
 * line a record was parsed from, so "raw" is a rendering of the record: the label line
 * {@code id,label,ts}, or the sampled row's fields.
 */
final class HealDeadLetters {
    static final String DUPLICATE_ID = "duplicate_id";
    static final String DUPLICATE_LABEL = "duplicate_label";
    static final String BAD_LABEL = "bad_label";
    static final String UNMATCHED_LABEL = "unmatched_label";

    private HealDeadLetters() {}

    static DeadLetterRecord duplicateRow(Transaction t) {
        return new DeadLetterRecord("transactions", DUPLICATE_ID, "a sampled row with id '" + t.id
                + "' is already waiting for its label; this one is not used for healing", 0, row(t));
    }

    static DeadLetterRecord duplicateLabel(String model, String id, int label, long ts) {
        return new DeadLetterRecord("labels", DUPLICATE_LABEL, "id '" + id + "' of model '" + model
                + "' already has a label", 0, labelLine(model, id, label, ts));
    }

    static DeadLetterRecord badLabel(String model, String id, int label, long ts) {
        return new DeadLetterRecord("labels", BAD_LABEL, "label " + label + " for id '" + id + "' of model '" + model
                + "' is not 0 or 1", 0, labelLine(model, id, label, ts));
    }

    /** @param label the label, or null when its value has already expired from state */
    static DeadLetterRecord unmatchedLabel(String model, String id, ArrivedLabel label) {
        return new DeadLetterRecord("labels", UNMATCHED_LABEL, "no sampled transaction with id '" + id
                + "' for model '" + model + "' (unknown, expired, or not sampled)", 0,
                label == null ? id : labelLine(model, id, label.label, label.ts));
    }

    /**
     * The label as a line of the label stream ({@code id,label,ts,model}), model included: HEAL's
     * state is per model, so a label replayed without it could reach another model's state.
     */
    static String labelLine(String model, String id, int label, long ts) {
        return id + "," + label + "," + ts + "," + model;
    }

    static String row(Transaction t) {
        return "id=" + t.id + " key=" + t.key + " model=" + t.model + " ts=" + t.ts + " batch=" + t.batch
                + " label=" + t.label + " features=" + Arrays.toString(t.features);
    }
}
