package dev.selfheal.lab.bench;

import dev.selfheal.job.SelfhealJob;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Drill only: passes records on at a fixed rate, shared evenly by its subtasks. Chained in front of
 * the scored-event sink ({@link #inFrontOfScoredSink}) it makes that sink slow, as a slow downstream
 * system would, so the job runs backpressured. The production job never has it.
 */
public final class SinkThrottle<T> extends RichMapFunction<T, T> {
    private static final long serialVersionUID = 1L;
    private final double totalPerSecond;
    private transient Throttle throttle;

    /** @param totalPerSecond records per second over all subtasks */
    public SinkThrottle(double totalPerSecond) {
        this.totalPerSecond = totalPerSecond;
    }

    /** The stage the backpressure drill puts in front of {@link SelfhealJob}'s scored-event sink. */
    static SelfhealJob.ScoredSinkStage inFrontOfScoredSink(double totalPerSecond) {
        return new SelfhealJob.ScoredSinkStage() {
            @Override
            public <T> DataStream<T> apply(DataStream<T> records, TypeInformation<T> type, int parallelism) {
                return records.map(new SinkThrottle<T>(totalPerSecond)).returns(type).uid("drill-slow-scored-sink")
                        .name("drill: slow scored sink").setParallelism(parallelism);
            }
        };
    }

    @Override
    public void open(OpenContext ctx) {
        int subtasks = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        throttle = new Throttle(totalPerSecond / subtasks, Throttle.SYSTEM);
    }

    @Override
    public T map(T value) throws InterruptedException {
        throttle.acquire();
        return value;
    }
}
