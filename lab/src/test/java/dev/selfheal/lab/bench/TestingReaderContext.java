package dev.selfheal.lab.bench;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

/** A source reader context that only knows its subtask and parallelism. */
final class TestingReaderContext implements SourceReaderContext {
    private final int subtask;
    private final int parallelism;

    TestingReaderContext(int subtask, int parallelism) {
        this.subtask = subtask;
        this.parallelism = parallelism;
    }

    @Override
    public SourceReaderMetricGroup metricGroup() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration getConfiguration() {
        return new Configuration();
    }

    @Override
    public String getLocalHostName() {
        return "localhost";
    }

    @Override
    public int getIndexOfSubtask() {
        return subtask;
    }

    @Override
    public void sendSplitRequest() {
    }

    @Override
    public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {
    }

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
        throw new UnsupportedOperationException();
    }

    @Override
    public int currentParallelism() {
        return parallelism;
    }
}
