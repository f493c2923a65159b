package dev.selfheal.lab.bench;

import dev.selfheal.data.AvroTransactionParser;
import dev.selfheal.data.CsvHeader;
import dev.selfheal.data.JsonTransactionParser;
import dev.selfheal.data.ModelAllowList;
import dev.selfheal.data.ParseResult;
import dev.selfheal.data.RecordFormat;
import dev.selfheal.data.Transaction;
import dev.selfheal.data.TransactionParser;
import dev.selfheal.job.io.GeneratedTransactions;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parse + validate alone: the job's decoders over pooled record values in each format, in one thread,
 * thread CPU time and bytes allocated per record. CSV is read as the job reads a Kafka CSV record (the
 * value decoded to a String, then the line parser); JSON and Avro straight from the bytes.
 */
final class ParseBench {
    private static final int RECORDS = 8192;
    private static final int WINDOWS = 5;

    /** µs of thread CPU and bytes allocated per record, the median of the measured windows. */
    record Cost(double cpuUsPerRecord, double bytesPerRecord, int recordBytes) {}

    private interface Decode {
        ParseResult<Transaction> at(long n);
    }

    private ParseBench() {}

    static Map<String, Cost> measure(TransactionPool pool, List<String> features, double seconds, PrintStream log) {
        Map<String, Cost> out = new LinkedHashMap<>();
        for (RecordFormat f : RecordFormat.values()) {
            byte[][] records = new byte[RECORDS][];
            PooledRecords encoder = new PooledRecords(pool, f);
            for (int i = 0; i < RECORDS; i++) {
                records[i] = encoder.encode(i, PooledTransactions.T0 + i);
            }
            Decode decode = decoder(f, features, records);
            window(decode, seconds / (WINDOWS + 1)); // JIT
            List<double[]> windows = new ArrayList<>();
            for (int w = 0; w < WINDOWS; w++) {
                windows.add(window(decode, seconds / (WINDOWS + 1)));
            }
            windows.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] median = windows.get(WINDOWS / 2);
            Cost c = new Cost(median[0], median[1], records[0].length);
            log.printf("  %-5s %.3f µs CPU per record, %.0f B allocated per record (%d-byte records)%n", f,
                    c.cpuUsPerRecord(), c.bytesPerRecord(), c.recordBytes());
            out.put(f.code(), c);
        }
        return out;
    }

    private static Decode decoder(RecordFormat f, List<String> features, byte[][] records) {
        ModelAllowList any = ModelAllowList.any();
        return switch (f) {
            case CSV -> {
                TransactionParser p = new TransactionParser(CsvHeader.parse(GeneratedTransactions.header(), features), any);
                yield n -> p.parse(new String(records[(int) (n % RECORDS)], StandardCharsets.UTF_8), n);
            }
            case JSON -> {
                JsonTransactionParser p = new JsonTransactionParser(features, any);
                yield n -> p.parse(records[(int) (n % RECORDS)], n);
            }
            case AVRO -> {
                AvroTransactionParser p = new AvroTransactionParser(PooledRecords.avroSchema().toString(), features, any);
                yield n -> p.parse(records[(int) (n % RECORDS)], n);
            }
        };
    }

    /** {CPU µs per record, bytes allocated per record} over about {@code seconds}. */
    private static double[] window(Decode decode, double seconds) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long alloc0 = mx.getThreadAllocatedBytes(tid);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        long sink = 0;
        do {
            for (int i = 0; i < 10_000; i++) {
                ParseResult<Transaction> r = decode.at(++n);
                if (!r.ok()) {
                    throw new IllegalStateException("the bench's own record was refused: " + r);
                }
                sink += r.value().ts;
            }
        } while (System.nanoTime() < deadline);
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        long alloc = mx.getThreadAllocatedBytes(tid) - alloc0;
        if (sink == 42) {
            System.out.print(""); // keeps the results alive for the JIT
        }
        return new double[] {cpu / 1e3 / n, (double) alloc / n};
    }
}
