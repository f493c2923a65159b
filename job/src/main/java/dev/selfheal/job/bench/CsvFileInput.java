package dev.selfheal.job.bench;

import dev.selfheal.job.io.GeneratedTransactions;
import dev.selfheal.job.JobSinks;
import dev.selfheal.job.JobSources;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The production job's own input path, for the "from a CSV file" figure: the pool written out as a
 * CSV file (the same events, ids, sample and labels as the object source), read by Flink's
 * FileSource and parsed by ParseTransactions exactly as {@code run} reads files.
 */
final class CsvFileInput {
    private CsvFileInput() {}

    static Path write(TransactionPool pool, long events, Path file) throws IOException {
        StringBuilder line = new StringBuilder(256);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(GeneratedTransactions.header());
            w.newLine();
            for (long g = 0; g < events; g++) {
                long sampleNo = g / pool.sampleEvery;
                boolean sampled = g % pool.sampleEvery == 0;
                int row = (int) ((sampled ? sampleNo : g) % pool.size());
                line.setLength(0);
                line.append(sampled ? pool.sampledIds[(int) (sampleNo % pool.sampledIds.length)] : pool.ids[row])
                        .append(',').append(pool.keys[row]).append(',').append(PooledTransactions.T0 + g)
                        .append(",,"); // no batch: HEAL groups samples by count, as in the object runs
                if (sampled) {
                    line.append(pool.labels[row]);
                }
                for (float x : pool.features[row]) {
                    line.append(',').append(x);
                }
                w.append(line).append('\n');
            }
        }
        return file;
    }

    static JobSources sources(Path file) {
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri())).build();
        return new JobSources(source, GeneratedTransactions.header(), null, null, null);
    }

    /** Scored events are counted (after the job's own JSON formatting); everything else discarded. */
    static JobSinks sinks() {
        Sink<String> counted = new CountingSink<String>(null);
        return new JobSinks(counted, new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(),
                new DiscardingSink<>(), new DiscardingSink<>());
    }
}
