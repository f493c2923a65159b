package dev.selfheal.job.event;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.api.common.functions.MapFunction;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Scored events as Avro binary records of the built-in schema {@code scored-event.avsc} (one record
 * per Kafka record value, or length-prefixed in files). The record, encoder and buffer are reused:
 * one instance per task, as Flink gives each subtask its own copy of a function.
 */
public final class ScoredEventAvro implements MapFunction<ScoredEvent, byte[]> {
    private static final long serialVersionUID = 1L;
    public static final String SCHEMA_RESOURCE = "scored-event.avsc";

    private transient GenericDatumWriter<GenericRecord> writer;
    private transient GenericRecord record;
    private transient BinaryEncoder encoder;
    private transient ByteArrayOutputStream buffer;

    /** The schema's text, as shipped in the jar. */
    public static String schemaText() {
        try (InputStream in = ScoredEventAvro.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Schema schema() {
        return new Schema.Parser().parse(schemaText());
    }

    @Override
    public byte[] map(ScoredEvent e) throws IOException {
        if (writer == null) {
            Schema s = schema();
            writer = new GenericDatumWriter<>(s);
            record = new GenericData.Record(s);
            buffer = new ByteArrayOutputStream(128);
        }
        // The schema's strings are not nullable; SCORE always sets them, and "" beats a failed task.
        record.put(0, e.id == null ? "" : e.id);
        record.put(1, e.key == null ? "" : e.key);
        record.put(2, e.model == null ? "" : e.model);
        record.put(3, e.ts);
        record.put(4, e.batch);
        record.put(5, e.p);
        record.put(6, e.decision);
        record.put(7, e.pShadow);
        record.put(8, e.modelVersion);
        record.put(9, e.ruleFlags);
        record.put(10, e.subtask);
        buffer.reset();
        encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
        writer.write(record, encoder);
        encoder.flush();
        return buffer.toByteArray();
    }
}
