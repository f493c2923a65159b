package dev.selfheal.job.event;

import dev.selfheal.data.LabelEvent;
import dev.selfheal.data.Transaction;

/** What reaches HEAL on its keyed input: a sampled transaction, or a label arriving for one. */
public class HealInput {
    public String model;
    /** Set for a sample. */
    public Transaction sample;
    /** Set for a label. */
    public String labelId;
    public int label;
    public long labelTs;

    public HealInput() {}

    public static HealInput sample(Transaction t) {
        HealInput h = new HealInput();
        h.model = t.model == null ? Transaction.DEFAULT_MODEL : t.model;
        h.sample = t;
        return h;
    }

    public static HealInput label(String model, LabelEvent e) {
        HealInput h = new HealInput();
        h.model = model;
        h.labelId = e.id();
        h.label = e.label();
        h.labelTs = e.ts();
        return h;
    }

    public boolean isSample() {
        return sample != null;
    }

    public long timestamp() {
        return sample != null ? sample.ts : labelTs;
    }
}
