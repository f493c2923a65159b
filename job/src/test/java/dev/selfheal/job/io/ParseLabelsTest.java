package dev.selfheal.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.ModelAllowList;
import dev.selfheal.job.config.InputSettings;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.event.DeadLetterRecord;
import dev.selfheal.job.event.HealInput;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The label parse step as Flink runs it: which model (HEAL's key) each label goes to, and the dead
 * letters beside it.
 */
class ParseLabelsTest {

    @Test
    void withSeveralModelsEachLabelReachesItsOwnModelAndTheRestAreDeadLetters() throws Exception {
        try (var h = harness(new ParseLabels(served("fraud-eu,fraud-us")))) {
            feed(h, "id,label,ts,model",
                    "t1,1,10,fraud-eu",
                    "t2,0,11,fraud-us",
                    "t3,1,12",           // no model: 'default', which this job does not serve
                    "t4,0,13,fraud-xx",
                    "t5,7,14,fraud-eu",
                    "t6,1,15,");         // an empty model is no model
            assertThat(h.extractOutputValues()).extracting(ParseLabelsTest::show)
                    .containsExactly("fraud-eu/t1=1@10", "fraud-us/t2=0@11");
            List<DeadLetterRecord> dead = deadLetters(h);
            assertThat(dead).extracting(d -> d.reason + "@" + d.line)
                    .containsExactly("unknown_model@4", "unknown_model@5", "bad_label@6", "unknown_model@7");
            assertThat(dead).allSatisfy(d -> assertThat(d.stream).isEqualTo("labels"));
            assertThat(dead).extracting(d -> d.raw)
                    .containsExactly("t3,1,12", "t4,0,13,fraud-xx", "t5,7,14,fraud-eu", "t6,1,15,");
            assertThat(dead.get(0).message).contains("'default'").contains("input.models: fraud-eu,fraud-us");
        }
    }

    @Test
    void withOneServedModelUnmarkedLabelsGoToItNotToDefault() throws Exception {
        try (var h = harness(new ParseLabels(served("fraud-eu")))) {
            feed(h, "id,label,ts", "t1,1,10", "t2,0", "t3,1,12,fraud-eu", "t4,1,13,default");
            assertThat(h.extractOutputValues()).extracting(ParseLabelsTest::show)
                    .containsExactly("fraud-eu/t1=1@10", "fraud-eu/t2=0@3", "fraud-eu/t3=1@12");
            assertThat(deadLetters(h)).extracting(d -> d.reason + "@" + d.line).containsExactly("unknown_model@5");
        }
    }

    @Test
    void withoutAModelListUnmarkedLabelsAreDefaultsAsBeforeAndMarkedOnesKeepTheirModel() throws Exception {
        try (var h = harness(new ParseLabels())) {
            feed(h, "t1,1,10", "t2,0,11,m-2", "t3,1");
            assertThat(h.extractOutputValues()).extracting(ParseLabelsTest::show)
                    .containsExactly("default/t1=1@10", "m-2/t2=0@11", "default/t3=1@3");
            assertThat(h.getSideOutput(ParseTransactions.DEAD_LETTERS)).isNull();
        }
    }

    private static ModelAllowList served(String ids) {
        JobConfig cfg = JobConfig.defaults().with(Map.of("input.models", ids));
        return ModelAllowList.parse(cfg.get(InputSettings.MODELS));
    }

    private static OneInputStreamOperatorTestHarness<String, HealInput> harness(
            ProcessFunction<String, HealInput> fn) throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(fn);
    }

    private static void feed(OneInputStreamOperatorTestHarness<String, HealInput> h, String... lines)
            throws Exception {
        for (int i = 0; i < lines.length; i++) {
            h.processElement(lines[i], i);
        }
    }

    private static String show(HealInput in) {
        assertThat(in.isSample()).isFalse();
        return in.model + "/" + in.labelId + "=" + in.label + "@" + in.labelTs;
    }

    private static List<DeadLetterRecord> deadLetters(OneInputStreamOperatorTestHarness<String, HealInput> h) {
        var records = h.getSideOutput(ParseTransactions.DEAD_LETTERS);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
