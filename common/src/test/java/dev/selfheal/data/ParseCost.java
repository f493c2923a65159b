package dev.selfheal.data;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Per-record parse + validate cost of the CSV, JSON and Avro transaction parsers on the same rows, in
 * one thread: CPU µs and bytes allocated per record. A measuring tool, not a test: run it with the
 * test classpath, {@code java -cp ... dev.selfheal.data.ParseCost [seconds per format] [csv,json,avro]}. Rows look
 * like the scenarios' (id, key, ts, batch, label, ten float features written by Float.toString).
 */
public final class ParseCost {
    private static final int POOL = 4096;
    private static final List<String> FEATURES = List.of("f0", "f1", "f2", "f3", "f4", "f5", "f6", "V14", "f8", "f9");

    private ParseCost() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        List<String> formats = List.of(args.length > 1 ? args[1].split(",") : new String[] {"csv", "json", "avro"});
        Random rnd = new Random(42);
        List<String> csv = new ArrayList<>();
        List<byte[]> json = new ArrayList<>();
        List<byte[]> avro = new ArrayList<>();
        Schema schema = schema();
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
        for (int i = 0; i < POOL; i++) {
            String id = "tx-" + (1_000_000 + i);
            String key = "acct-" + rnd.nextInt(10_000);
            long ts = 1_700_000_000_000L + i;
            int label = rnd.nextDouble() < 0.15 ? 1 : 0;
            float[] f = new float[FEATURES.size()];
            StringBuilder c = new StringBuilder(id).append(',').append(key).append(',').append(ts).append(",0,")
                    .append(label);
            StringBuilder j = new StringBuilder("{\"id\":\"").append(id).append("\",\"key\":\"").append(key)
                    .append("\",\"ts\":").append(ts).append(",\"batch\":0,\"label\":").append(label);
            GenericRecord r = new GenericData.Record(schema);
            r.put("id", id);
            r.put("key", key);
            r.put("ts", ts);
            r.put("batch", 0);
            r.put("label", label);
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) rnd.nextGaussian();
                c.append(',').append(f[k]);
                j.append(",\"").append(FEATURES.get(k)).append("\":").append(f[k]);
                r.put(FEATURES.get(k), f[k]);
            }
            csv.add(c.toString());
            json.add(j.append('}').toString().getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(r, e);
            e.flush();
            avro.add(out.toByteArray());
        }
        TransactionParser csvParser = new TransactionParser(CsvHeader.parse(
                "id,key,ts,batch,label," + String.join(",", FEATURES), null));
        JsonTransactionParser jsonParser = new JsonTransactionParser(FEATURES, ModelAllowList.any());
        AvroTransactionParser avroParser = new AvroTransactionParser(schema.toString(), FEATURES, ModelAllowList.any());

        System.out.printf(Locale.ROOT, "record sizes: csv %d chars, json %d bytes, avro %d bytes (first row)%n",
                csv.get(0).length(), json.get(0).length, avro.get(0).length);
        for (int round = 0; round < 2; round++) {
            String phase = round == 0 ? "warm-up" : "measured";
            if (formats.contains("csv")) {
                report(phase, "csv", measure(seconds, n -> csvParser.parse(csv.get((int) (n % POOL)), n)));
            }
            if (formats.contains("json")) {
                report(phase, "json", measure(seconds, n -> jsonParser.parse(json.get((int) (n % POOL)), n)));
            }
            if (formats.contains("avro")) {
                report(phase, "avro", measure(seconds, n -> avroParser.parse(avro.get((int) (n % POOL)), n)));
            }
        }
    }

    private static Schema schema() {
        SchemaBuilder.FieldAssembler<Schema> f = SchemaBuilder.record("Transaction").fields()
                .requiredString("id").requiredString("key").requiredLong("ts").requiredInt("batch")
                .optionalInt("label");
        for (String name : FEATURES) {
            f = f.requiredFloat(name);
        }
        return f.endRecord();
    }

    private interface Parse {
        ParseResult<Transaction> at(long n);
    }

    private record Cost(long records, double cpuUsPerRecord, double wallUsPerRecord, double bytesPerRecord) {}

    private static Cost measure(double seconds, Parse parse) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long alloc0 = mx.getThreadAllocatedBytes(tid);
        long wall0 = System.nanoTime();
        long deadline = wall0 + (long) (seconds * 1e9);
        long n = 0;
        long sink = 0;
        while (true) {
            for (int i = 0; i < 10_000; i++, n++) {
                ParseResult<Transaction> r = parse.at(n + 1);
                if (!r.ok()) {
                    throw new IllegalStateException(r.toString());
                }
                sink += r.value().ts;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        long wall = System.nanoTime() - wall0;
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        long alloc = mx.getThreadAllocatedBytes(tid) - alloc0;
        if (sink == 42) {
            System.out.println();
        }
        return new Cost(n, cpu / 1e3 / n, wall / 1e3 / n, (double) alloc / n);
    }

    private static void report(String phase, String format, Cost c) {
        System.out.printf(Locale.ROOT, "%-8s %-4s %,12d records  %.3f µs CPU/record  %.3f µs wall/record  %.0f B allocated/record%n",
                phase, format, c.records(), c.cpuUsPerRecord(), c.wallUsPerRecord(), c.bytesPerRecord());
    }
}
