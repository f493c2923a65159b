package dev.selfheal.job.io;

import dev.selfheal.data.RecordFormat;
import dev.selfheal.data.TransactionParser;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Files of records as bytes, for the json and avro formats: a JSON file holds one object per line;
 * an Avro file holds records each preceded by its length, written as Avro writes the length of a
 * {@code bytes} value (a zig-zag varint), so each record's bytes are exactly a Kafka record's value.
 *
 * <p>A length beyond {@link #MAX_RECORD_BYTES} or past the end of the file cannot be framing: the
 * file is read no further, and what follows the length (at most a record's worth) becomes one record,
 * which the parser turns into a dead letter.
 */
public final class RecordFiles {
    /** Longer lines and records are read only up to this many bytes plus one (the parser refuses them). */
    public static final int MAX_RECORD_BYTES = TransactionParser.DEFAULT_MAX_LINE_CHARS;

    private RecordFiles() {}

    /** A file (or directory of files) of {@code format} records; csv is read as text lines elsewhere. */
    public static FileSource<byte[]> source(Path p, RecordFormat format) {
        StreamFormat<byte[]> f = switch (format) {
            case JSON -> new Lines();
            case AVRO -> new Framed();
            case CSV -> throw new IllegalArgumentException("csv files are read as text lines");
        };
        return FileSource.forRecordStreamFormat(f, new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri()))
                .build();
    }

    /** One line per record, without its line end; a last line without one counts too. */
    static final class Lines extends SimpleStreamFormat<byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public Reader<byte[]> createReader(Configuration config, FSDataInputStream stream) {
            InputStream in = new BufferedInputStream(stream, 1 << 16);
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            return new Reader<>() {
                @Override
                public byte[] read() throws IOException {
                    line.reset();
                    int c = in.read();
                    if (c < 0) {
                        return null;
                    }
                    while (c >= 0 && c != '\n') {
                        // Past the limit only the length matters: keep one byte more than allowed.
                        if (line.size() <= MAX_RECORD_BYTES) {
                            line.write(c);
                        }
                        c = in.read();
                    }
                    byte[] b = line.toByteArray();
                    int n = b.length;
                    return n > 0 && b[n - 1] == '\r' ? java.util.Arrays.copyOf(b, n - 1) : b;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }

        @Override
        public TypeInformation<byte[]> getProducedType() {
            return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        }
    }

    /** Length-prefixed records. */
    static final class Framed extends SimpleStreamFormat<byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public Reader<byte[]> createReader(Configuration config, FSDataInputStream stream) {
            java.io.PushbackInputStream in = new java.io.PushbackInputStream(new BufferedInputStream(stream, 1 << 16));
            BinaryDecoder lengths = DecoderFactory.get().directBinaryDecoder(in, null);
            return new Reader<>() {
                private boolean broken;

                @Override
                public byte[] read() throws IOException {
                    int first = in.read();
                    if (first < 0 || broken) {
                        return null;
                    }
                    in.unread(first);
                    long n;
                    try {
                        n = lengths.readLong();
                    } catch (IOException e) {
                        broken = true;
                        return in.readNBytes(MAX_RECORD_BYTES + 1);
                    }
                    if (n < 0 || n > MAX_RECORD_BYTES) {
                        broken = true;
                        return in.readNBytes(MAX_RECORD_BYTES + 1);
                    }
                    byte[] record = in.readNBytes((int) n);
                    if (record.length < n) {
                        broken = true; // the file ends inside the record: the parser reports it cut short
                    }
                    return record;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }

        @Override
        public TypeInformation<byte[]> getProducedType() {
            return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        }
    }

    /** Writes records as {@link Framed} reads them. */
    public static final class FramedEncoder implements Encoder<byte[]> {
        private static final long serialVersionUID = 1L;
        private transient BinaryEncoder encoder;

        @Override
        public void encode(byte[] record, OutputStream out) throws IOException {
            encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
            encoder.writeBytes(record);
            encoder.flush();
        }
    }

    /** Writes one record per line (JSON and CSV text as UTF-8 bytes). */
    public static final class LineEncoder implements Encoder<byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(byte[] record, OutputStream out) throws IOException {
            out.write(record);
            out.write('\n');
        }
    }

    /** Writes {@code records} to a file as {@link #source} reads it: lines for json, framed for avro. */
    public static void write(Path file, RecordFormat format, Iterable<byte[]> records) throws IOException {
        Encoder<byte[]> e = format == RecordFormat.AVRO ? new FramedEncoder() : new LineEncoder();
        try (OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file))) {
            for (byte[] r : records) {
                e.encode(r, out);
            }
        }
    }

    /** Reads back what {@link #write} or a sink of {@code format} wrote. */
    public static java.util.List<byte[]> read(Path file, RecordFormat format) throws IOException {
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        SimpleStreamFormat<byte[]> f = format == RecordFormat.AVRO ? new Framed() : new Lines();
        org.apache.flink.core.fs.local.LocalDataInputStream in =
                new org.apache.flink.core.fs.local.LocalDataInputStream(file.toFile());
        try (StreamFormat.Reader<byte[]> r = f.createReader(new Configuration(), in)) {
            for (byte[] b = r.read(); b != null; b = r.read()) {
                out.add(b);
            }
        }
        return out;
    }
}
