package dev.selfheal.data;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An Avro decoder that refuses lengths and counts larger than the record they come from, and
 * otherwise hands every call to Avro's own binary decoder.
 *
 * <p>Why: Avro allocates a string, byte array or collection of the length a record announces before
 * reading it, up to 2 GB by default; one corrupt length in one bad record would cost the task its
 * heap. Nothing a record holds can be longer than the record itself, so that is the bound.
 */
final class BoundedDecoder extends Decoder {
    private Decoder in;
    private long bound;

    BoundedDecoder reset(Decoder in, long recordBytes) {
        this.in = in;
        this.bound = recordBytes;
        return this;
    }

    private int checked(long n, String what) {
        if (n < 0 || n > bound) {
            throw new AvroRuntimeException(what + " of " + n + " in a record of " + bound + " bytes");
        }
        return (int) n;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        // Avro's binary string: a long length, then that many bytes.
        int n = checked(in.readLong(), "a string length");
        Utf8 s = old != null ? old : new Utf8();
        s.setByteLength(n);
        if (n > 0) {
            in.readFixed(s.getBytes(), 0, n);
        }
        return s;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int n = checked(in.readLong(), "a bytes length");
        ByteBuffer b = old != null && old.capacity() >= n ? old : ByteBuffer.allocate(n);
        b.clear();
        in.readFixed(b.array(), b.arrayOffset(), n);
        b.limit(n);
        return b;
    }

    @Override
    public long readArrayStart() throws IOException {
        return checked(in.readArrayStart(), "an array block");
    }

    @Override
    public long arrayNext() throws IOException {
        return checked(in.arrayNext(), "an array block");
    }

    @Override
    public long readMapStart() throws IOException {
        return checked(in.readMapStart(), "a map block");
    }

    @Override
    public long mapNext() throws IOException {
        return checked(in.mapNext(), "a map block");
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void skipString() throws IOException {
        in.skipString();
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
