package dev.selfheal.job.it;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Transactions as the JSON objects and Avro records the job's integration tests feed it, good ones
 * and ones changed into bad records, for file and Kafka inputs alike.
 */
final class TransactionRecordFixtures {
    private final List<String> features;

    TransactionRecordFixtures(List<String> features) {
        this.features = features;
    }

    /** A JSON object of the transaction, with {@code overrides} (raw JSON values by key) replacing or adding keys. */
    String json(Transaction t, Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", Json.quote(t.id));
        m.put("key", Json.quote(t.key));
        m.put("ts", Long.toString(t.ts));
        m.put("batch", Integer.toString(t.batch));
        m.put("label", t.hasLabel() ? Integer.toString(t.label) : "null");
        for (int i = 0; i < features.size(); i++) {
            m.put(features.get(i), Float.toString(t.features[i]));
        }
        m.putAll(overrides);
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(Json.quote(k)).append(':').append(v));
        return b.append('}').toString();
    }

    /**
     * The transactions' Avro schema: features as floats, except {@code flexible}'s, a string or null
     * (as upstream schemas sometimes carry numbers), so records can miss it or hold text in it; null
     * for none.
     */
    Schema schema(String flexible) {
        SchemaBuilder.FieldAssembler<Schema> f = SchemaBuilder.record("Transaction").namespace("test").fields()
                .requiredString("id").requiredString("key").requiredLong("ts").requiredInt("batch")
                .optionalInt("label");
        for (String name : features) {
            if (name.equals(flexible)) {
                f = f.optionalString(name);
            } else {
                f = f.requiredFloat(name);
            }
        }
        return f.endRecord();
    }

    /** An Avro record of the transaction in {@code s}, changed by {@code change} (may be null) before encoding. */
    byte[] avro(Schema s, Transaction t, Consumer<GenericRecord> change) {
        GenericRecord r = new GenericData.Record(s);
        r.put("id", t.id);
        r.put("key", t.key);
        r.put("ts", t.ts);
        r.put("batch", t.batch);
        r.put("label", t.hasLabel() ? t.label : null);
        for (int i = 0; i < features.size(); i++) {
            Schema.Field field = s.getField(features.get(i));
            boolean union = field.schema().getType() == Schema.Type.UNION;
            r.put(field.name(), union ? (Object) Float.toString(t.features[i]) : (Object) t.features[i]);
        }
        if (change != null) {
            change.accept(r);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(s).write(r, e);
            e.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts the bad records among the good ones, spread out, never first or last. */
    static void insert(List<byte[]> records, List<byte[]> bad) {
        for (int i = 0; i < bad.size(); i++) {
            records.add((i + 1) * records.size() / (bad.size() + 1), bad.get(i));
        }
    }
}
