package dev.selfheal.lab.bench;

import dev.selfheal.job.SelfhealJob;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Counts the records the production job hands to its scored sink (a Kafka sink, which the bench
 * cannot count inside), in the sink's chain, published in chunks as {@link CountingSink} does.
 */
final class CountingStage implements SelfhealJob.ScoredSinkStage {
    @Override
    public <T> DataStream<T> apply(DataStream<T> records, TypeInformation<T> type, int parallelism) {
        return records.map(new Count<T>()).returns(type).name("count").setParallelism(parallelism);
    }

    private static final class Count<T> extends RichMapFunction<T, T> {
        private static final long serialVersionUID = 1L;
        private static final int PUBLISH_EVERY = 4096;
        private transient long pending;

        @Override
        public void open(OpenContext ctx) {
            pending = 0;
        }

        @Override
        public T map(T value) {
            if (++pending == PUBLISH_EVERY) {
                Probe.outputs.addAndGet(pending);
                pending = 0;
            }
            return value;
        }

        @Override
        public void close() {
            Probe.outputs.addAndGet(pending);
            pending = 0;
        }
    }
}
