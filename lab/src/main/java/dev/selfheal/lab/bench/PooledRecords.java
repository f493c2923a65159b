package dev.selfheal.lab.bench;

import dev.selfheal.data.RecordFormat;
import dev.selfheal.scenario.ScenarioGenerator;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The pool's events as the bytes a producer would put into Kafka in each {@code input.format}: the
 * CSV line of the file runs (the generator's columns, no header), a JSON object with the same
 * columns as keys, or an Avro record of {@link #avroSchema()}. Event {@code g} is the same
 * transaction (id, key, label, features) in every format, so the formats' runs do the same work
 * after parsing. One instance per thread (it reuses its buffers).
 */
final class PooledRecords {
    static final List<String> FEATURES = ScenarioGenerator.FEATURE_NAMES;

    private final TransactionPool pool;
    private final RecordFormat format;
    private final StringBuilder text = new StringBuilder(256);
    private final Schema schema;
    private final GenericDatumWriter<GenericRecord> writer;
    private final GenericRecord record;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
    private BinaryEncoder encoder;

    PooledRecords(TransactionPool pool, RecordFormat format) {
        this.pool = pool;
        this.format = format;
        this.schema = format == RecordFormat.AVRO ? avroSchema() : null;
        this.writer = schema == null ? null : new GenericDatumWriter<>(schema);
        this.record = schema == null ? null : new GenericData.Record(schema);
    }

    /**
     * The transactions' schema: the generator's columns, label optional (only sampled events carry
     * one), features as floats.
     */
    static Schema avroSchema() {
        SchemaBuilder.FieldAssembler<Schema> f = SchemaBuilder.record("Transaction").namespace("dev.selfheal.bench")
                .fields().requiredString("id").requiredString("key").requiredLong("ts").optionalInt("label");
        for (String name : FEATURES) {
            f = f.requiredFloat(name);
        }
        return f.endRecord();
    }

    /** Event {@code g} with event time {@code ts}. */
    byte[] encode(long g, long ts) {
        return switch (format) {
            case CSV -> {
                CsvFileInput.line(pool, g, ts, text);
                yield text.toString().getBytes(StandardCharsets.UTF_8);
            }
            case JSON -> json(g, ts);
            case AVRO -> avro(g, ts);
        };
    }

    private int row(long g) {
        long sampleNo = g / pool.sampleEvery;
        return (int) ((sampled(g) ? sampleNo : g) % pool.size());
    }

    private boolean sampled(long g) {
        return g % pool.sampleEvery == 0;
    }

    private String id(long g, int row) {
        return sampled(g) ? pool.sampledIds[(int) ((g / pool.sampleEvery) % pool.sampledIds.length)] : pool.ids[row];
    }

    private byte[] json(long g, long ts) {
        int row = row(g);
        StringBuilder b = text;
        b.setLength(0);
        // Ids and keys are plain ASCII (b123, account ids): no escaping needed.
        b.append("{\"id\":\"").append(id(g, row)).append("\",\"key\":\"").append(pool.keys[row])
                .append("\",\"ts\":").append(ts);
        if (sampled(g)) {
            b.append(",\"label\":").append(pool.labels[row]);
        }
        float[] x = pool.features[row];
        for (int i = 0; i < x.length; i++) {
            b.append(",\"").append(FEATURES.get(i)).append("\":").append(x[i]);
        }
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] avro(long g, long ts) {
        int row = row(g);
        record.put("id", id(g, row));
        record.put("key", pool.keys[row]);
        record.put("ts", ts);
        record.put("label", sampled(g) ? pool.labels[row] : null);
        float[] x = pool.features[row];
        for (int i = 0; i < x.length; i++) {
            record.put(FEATURES.get(i), x[i]);
        }
        buffer.reset();
        encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}
