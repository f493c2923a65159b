package dev.selfheal.lab.bench;

import dev.selfheal.job.JobSinks;
import dev.selfheal.job.JobSources;
import dev.selfheal.lab.experiment.MetricsRow;
import dev.selfheal.job.io.GeneratedTransactions;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The production job's own text input path, for the "from a CSV file" and "from Kafka" figures: the
 * pool as CSV lines (the same events, ids, sample and labels as the object source), parsed by
 * ParseTransactions exactly as {@code run} parses files and Kafka records.
 */
final class CsvFileInput {
    private CsvFileInput() {}

    /** The header, then one CSV line per event. */
    static void lines(TransactionPool pool, long events, Consumer<String> out) {
        out.accept(GeneratedTransactions.header());
        StringBuilder line = new StringBuilder(256);
        for (long g = 0; g < events; g++) {
            line(pool, g, line);
            out.accept(line.toString());
        }
    }

    /** Event {@code g} as a CSV line (into {@code line}, cleared first); its ts is {@code T0 + g}. */
    static void line(TransactionPool pool, long g, StringBuilder line) {
        line(pool, g, PooledTransactions.T0 + g, line);
    }

    /** Event {@code g} as a CSV line with event time {@code ts}. */
    static void line(TransactionPool pool, long g, long ts, StringBuilder line) {
        long sampleNo = g / pool.sampleEvery;
        boolean sampled = g % pool.sampleEvery == 0;
        int row = (int) ((sampled ? sampleNo : g) % pool.size());
        line.setLength(0);
        line.append(sampled ? pool.sampledIds[(int) (sampleNo % pool.sampledIds.length)] : pool.ids[row])
                .append(',').append(pool.keys[row]).append(',').append(ts)
                .append(",,"); // no batch: HEAL groups samples by count, as in the object runs
        if (sampled) {
            line.append(pool.labels[row]);
        }
        for (float x : pool.features[row]) {
            line.append(',').append(x);
        }
    }

    static Path write(TransactionPool pool, long events, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            lines(pool, events, l -> {
                try {
                    w.write(l);
                    w.write('\n');
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return file;
    }

    static JobSources sources(Path file) {
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri())).build();
        return new JobSources(source, GeneratedTransactions.header(), null, null, null);
    }

    /**
     * Scored events are counted (after the job's own JSON formatting, to bytes as the file and Kafka
     * sinks take them), batch metrics rows read back for the heal figures; everything else discarded.
     */
    static JobSinks sinks() {
        Sink<byte[]> counted = new CountingSink<byte[]>(null);
        Sink<String> metrics = new ProbeSink<String>(CsvFileInput::recordMetricsRow);
        return new JobSinks(null, metrics, new DiscardingSink<>(), new DiscardingSink<>(),
                new DiscardingSink<>(), new DiscardingSink<>(), counted, null, null);
    }

    private static void recordMetricsRow(String line) {
        BenchGraph.recordBatch(MetricsRow.parse(line));
    }
}
