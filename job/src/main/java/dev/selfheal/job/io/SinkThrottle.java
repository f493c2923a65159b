package dev.selfheal.job.io;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Drill only ({@code drill.scored-sink-rate}): passes records on at a fixed rate, shared evenly by
 * its subtasks. Chained in front of the scored-event sink it makes that sink slow, as a slow
 * downstream system would, so the job runs backpressured. Never in the graph when the setting is 0.
 */
public final class SinkThrottle<T> extends RichMapFunction<T, T> {
    private static final long serialVersionUID = 1L;
    private final double totalPerSecond;
    private transient Throttle throttle;

    /** @param totalPerSecond records per second over all subtasks */
    public SinkThrottle(double totalPerSecond) {
        this.totalPerSecond = totalPerSecond;
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
