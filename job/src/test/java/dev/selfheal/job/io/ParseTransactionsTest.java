package dev.selfheal.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.ModelAllowList;
import dev.selfheal.data.Transaction;
import dev.selfheal.job.config.InputSettings;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.event.DeadLetterRecord;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The transaction parse step as Flink runs it: what passes, and the dead letters beside it. */
class ParseTransactionsTest {
    private static final String HEADER = "id,key,ts,batch,label,model,f0,f1";

    @Test
    void transactionsForAModelNotServedAreUnknownModelDeadLettersAndTheRestPass() throws Exception {
        JobConfig cfg = JobConfig.defaults().with(Map.of("input.models", "fraud-eu,default"));
        var fn = new ParseTransactions(HEADER, null, ModelAllowList.parse(cfg.get(InputSettings.MODELS)));
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(fn)) {
            h.processElement(HEADER, 0);
            h.processElement("t1,a,1,1,0,fraud-eu,0.1,0.2", 1);
            h.processElement("t2,a,2,1,0,fraud-xx,0.1,0.2", 2);
            h.processElement("t3,a,3,1,0,,0.1,0.2", 3);
            h.processElement("t4,a,4,1,1,FRAUD-EU,0.1,0.2", 4);
            h.processElement("t5,a,5,1,1,fraud-eu,0.1,oops", 5);

            assertThat(h.extractOutputValues()).extracting(t -> t.id + "/" + t.model)
                    .containsExactly("t1/fraud-eu", "t3/" + Transaction.DEFAULT_MODEL);
            List<DeadLetterRecord> dead = h.getSideOutput(ParseTransactions.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue).toList();
            assertThat(dead).extracting(d -> d.reason + "@" + d.line)
                    .containsExactly("unknown_model@3", "unknown_model@5", "non_numeric@6");
            assertThat(dead.get(0).raw).isEqualTo("t2,a,2,1,0,fraud-xx,0.1,0.2");
            assertThat(dead.get(0).stream).isEqualTo("transactions");
            assertThat(dead.get(0).message).contains("fraud-xx").contains("input.models: fraud-eu,default");
        }
    }

    @Test
    void withoutAModelListEveryModelIdPasses() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new ParseTransactions(HEADER, null))) {
            h.processElement("t1,a,1,1,0,m-1,0.1,0.2", 1);
            h.processElement("t2,a,2,1,0,m-2,0.1,0.2", 2);
            assertThat(h.extractOutputValues()).extracting(t -> t.model).containsExactly("m-1", "m-2");
            assertThat(h.getSideOutput(ParseTransactions.DEAD_LETTERS)).isNull();
        }
    }
}
