package dev.selfheal.job.io;

import dev.selfheal.data.LabelEvent;
import dev.selfheal.data.LabelParser;
import dev.selfheal.data.ModelAllowList;
import dev.selfheal.data.ParseResult;
import dev.selfheal.job.event.DeadLetterRecord;
import dev.selfheal.job.event.HealInput;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parse/validate for the label stream {@code id,label[,ts[,model]]}: each label goes on keyed to the
 * model {@link LabelParser} assigns it; bad lines, and labels for a model not served, become dead letters.
 */
public class ParseLabels extends ProcessFunction<String, HealInput> {
    private static final long serialVersionUID = 1L;
    private final ModelAllowList models;
    private final boolean acceptJson;
    private transient LabelParser parser;
    private transient long line;
    private transient Counter dead;

    public ParseLabels() {
        this(ModelAllowList.any());
    }

    /** @param models the model ids served ({@code input.models}) */
    public ParseLabels(ModelAllowList models) {
        this(models, false);
    }

    /** @param acceptJson also take lines that are JSON objects {id, label, ts, model} (input.format json, avro) */
    public ParseLabels(ModelAllowList models, boolean acceptJson) {
        this.models = java.util.Objects.requireNonNull(models);
        this.acceptJson = acceptJson;
    }

    @Override
    public void open(OpenContext ctx) {
        parser = acceptJson ? new LabelParser(models).acceptingJson() : new LabelParser(models);
        dead = getRuntimeContext().getMetricGroup().addGroup("selfheal").counter("dead_letter_labels");
    }

    @Override
    public void processElement(String value, Context ctx, Collector<HealInput> out) {
        line++;
        ParseResult<LabelEvent> r = parser.parse(value, line);
        if (r.ok()) {
            out.collect(HealInput.label(r.value().model(), r.value()));
        } else if (r.rejected()) {
            dead.inc();
            ctx.output(ParseTransactions.DEAD_LETTERS, new DeadLetterRecord("labels", r.reason().code(), r.message(),
                    line, r.raw()));
        }
    }
}
