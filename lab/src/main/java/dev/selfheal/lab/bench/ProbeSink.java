package dev.selfheal.lab.bench;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.Serializable;

/** A sink that hands each (low-rate) record to a {@link Recorder} that writes to {@link Probe}. */
final class ProbeSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    interface Recorder<T> extends Serializable {
        void record(T value);
    }

    private final Recorder<T> recorder;

    ProbeSink(Recorder<T> recorder) {
        this.recorder = recorder;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                recorder.record(element);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
