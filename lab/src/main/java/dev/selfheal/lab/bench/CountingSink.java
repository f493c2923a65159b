package dev.selfheal.lab.bench;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.Serializable;

/**
 * The discarding sink of the benchmark's jobs: counts records (published in chunks, so counting
 * costs no shared write per record) and, when given the record's event time, records its latency
 * (the source set event time to the wall clock at emission).
 */
final class CountingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final int PUBLISH_EVERY = 4096;

    interface EventTime<T> extends Serializable {
        long of(T value);
    }

    private final EventTime<T> eventTime;

    /** @param eventTime null to only count */
    CountingSink(EventTime<T> eventTime) {
        this.eventTime = eventTime;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>(eventTime);
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final EventTime<T> eventTime;
        private final long[] histogram;
        private long pending;

        Writer(EventTime<T> eventTime) {
            this.eventTime = eventTime;
            this.histogram = eventTime == null ? null : new long[Probe.LATENCY_BUCKETS];
        }

        @Override
        public void write(T value, Context context) {
            if (eventTime != null) {
                long ms = System.currentTimeMillis() - eventTime.of(value);
                histogram[(int) Math.max(0, Math.min(Probe.LATENCY_BUCKETS - 1, ms))]++;
            }
            if (++pending == PUBLISH_EVERY) {
                publish();
            }
        }

        private void publish() {
            Probe.outputs.addAndGet(pending);
            pending = 0;
            if (histogram != null) {
                for (int i = 0; i < histogram.length; i++) {
                    if (histogram[i] != 0) {
                        Probe.latencyMs.addAndGet(i, histogram[i]);
                        histogram[i] = 0;
                    }
                }
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            publish();
        }

        @Override
        public void close() {
            publish();
        }
    }
}
