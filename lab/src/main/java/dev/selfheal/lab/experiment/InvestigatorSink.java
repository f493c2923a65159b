package dev.selfheal.lab.experiment;

import dev.selfheal.job.event.LabelRequestBatch;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Hands HEAL's label requests, one record per closed heal batch, to the {@link SimulatedInvestigator}
 * registered under {@code token} in this JVM.
 */
public final class InvestigatorSink implements Sink<LabelRequestBatch> {
    private static final long serialVersionUID = 1L;
    private final String token;

    public InvestigatorSink(String token) {
        this.token = token;
    }

    @Override
    public SinkWriter<LabelRequestBatch> createWriter(WriterInitContext context) {
        SimulatedInvestigator investigator = SimulatedInvestigator.lookup(token);
        return new SinkWriter<>() {
            @Override
            public void write(LabelRequestBatch b, Context context) {
                investigator.closed(b.model, b.batch, b.ids);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
