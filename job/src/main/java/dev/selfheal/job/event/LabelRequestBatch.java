package dev.selfheal.job.event;

import dev.selfheal.labels.LabelRequest;

import java.util.List;

/**
 * The label requests HEAL made when one heal batch of one model closed, possibly none: one record
 * per closed batch, so a reader also learns which batches are done (the experiments' simulated
 * investigator paces itself by it). A Flink POJO.
 */
public class LabelRequestBatch {
    public String model;
    public long batch;
    /** Requested row ids, in the order they were chosen. */
    public String[] ids = new String[0];
    /** Each request as its JSON line (DESIGN §4, label requests), aligned with {@link #ids}. */
    public String[] json = new String[0];

    public LabelRequestBatch() {}

    public static LabelRequestBatch of(String model, long batch, List<LabelRequest> requests) {
        LabelRequestBatch b = new LabelRequestBatch();
        b.model = model;
        b.batch = batch;
        b.ids = requests.stream().map(LabelRequest::id).toArray(String[]::new);
        b.json = requests.stream().map(r -> Json.write(r.toMap())).toArray(String[]::new);
        return b;
    }
}
