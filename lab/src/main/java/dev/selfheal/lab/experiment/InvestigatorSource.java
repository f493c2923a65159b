package dev.selfheal.lab.experiment;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The label stream of the {@code requested} regime: the answers of the {@link SimulatedInvestigator}
 * registered under {@code token} in this JVM, as {@code id,label,ts[,model]} lines, with the
 * investigator's watermark after them. Run it at parallelism 1; it has no splits and nothing to
 * checkpoint (an experiment with this regime does not restart).
 */
public final class InvestigatorSource implements Source<String, InvestigatorSource.NoSplit, Void> {
    private static final long serialVersionUID = 1L;
    private final String token;

    public InvestigatorSource(String token) {
        this.token = token;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<String, NoSplit> createReader(SourceReaderContext context) {
        return new Reader(SimulatedInvestigator.lookup(token));
    }

    @Override
    public SplitEnumerator<NoSplit, Void> createEnumerator(SplitEnumeratorContext<NoSplit> context) {
        return new Enumerator();
    }

    @Override
    public SplitEnumerator<NoSplit, Void> restoreEnumerator(SplitEnumeratorContext<NoSplit> context, Void checkpoint) {
        return new Enumerator();
    }

    @Override
    public SimpleVersionedSerializer<NoSplit> getSplitSerializer() {
        return new Empty<>(NoSplit::new);
    }

    @Override
    public SimpleVersionedSerializer<Void> getEnumeratorCheckpointSerializer() {
        return new Empty<>(() -> null);
    }

    /** The source reads no splits; the type is required. */
    public static final class NoSplit implements SourceSplit {
        @Override
        public String splitId() {
            return "investigator";
        }
    }

    private static final class Reader implements SourceReader<String, NoSplit> {
        private final SimulatedInvestigator investigator;
        private long emitted = Long.MIN_VALUE;

        Reader(SimulatedInvestigator investigator) {
            this.investigator = investigator;
        }

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<String> output) {
            investigator.nudgeIfStalled(System.currentTimeMillis());
            SimulatedInvestigator.Poll p = investigator.poll();
            for (String line : p.lines()) {
                output.collect(line);
            }
            // After the lines: an answer always reaches HEAL before the watermark that closes its batch.
            if (p.watermark() > emitted) {
                output.emitWatermark(new Watermark(p.watermark()));
                emitted = p.watermark();
            }
            return p.done() ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            // Woken by the investigator, or after a second to check for a stall.
            CompletableFuture<Void> tick = CompletableFuture.runAsync(() -> { },
                    CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
            return investigator.available(emitted).applyToEither(tick, v -> null);
        }

        @Override
        public List<NoSplit> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public void addSplits(List<NoSplit> splits) {}

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void close() {}
    }

    private static final class Enumerator implements SplitEnumerator<NoSplit, Void> {
        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {}

        @Override
        public void addSplitsBack(List<NoSplit> splits, int subtaskId) {}

        @Override
        public void addReader(int subtaskId) {}

        @Override
        public Void snapshotState(long checkpointId) {
            return null;
        }

        @Override
        public void close() {}
    }

    private static final class Empty<T> implements SimpleVersionedSerializer<T> {
        private final java.util.function.Supplier<T> value;

        Empty(java.util.function.Supplier<T> value) {
            this.value = value;
        }

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(T obj) {
            return new byte[0];
        }

        @Override
        public T deserialize(int version, byte[] serialized) {
            return value.get();
        }
    }
}
