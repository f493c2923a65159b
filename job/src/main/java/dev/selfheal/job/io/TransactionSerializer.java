package dev.selfheal.job.io;

import dev.selfheal.data.Transaction;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Transactions over the network between the source and SCORE/PROFILE: every event crosses one such
 * edge, and Flink's POJO serializer (reflection per field, strings written char by char in a
 * variable-length code) was a fifth of the job's CPU. Here ASCII strings (ids, keys and model ids
 * almost always are) go as one length and one block of bytes, and the model id, the same on nearly
 * every record, is read back as the previous record's instance.
 *
 * <p>Used for the data streams only. State keeps Flink's POJO serializer ({@code TypeInformation.of}
 * in the state descriptors), so savepoints do not depend on this format.
 *
 * <p>Layout: id, key, model as strings; ts (long); batch, label, trueLabel (int); features as a
 * length (int, -1 = null) and that many floats. A string is an int n: -1 = null, n ≥ 0 = n bytes
 * of ASCII, n ≤ -2 = -(n + 2) UTF-16 chars.
 */
public final class TransactionSerializer extends TypeSerializer<Transaction> {
    private static final long serialVersionUID = 1L;

    /** Per instance (see {@link #duplicate}): a serializer is used by one thread at a time. */
    private transient byte[] buffer;
    private transient String lastModel;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Transaction> duplicate() {
        return new TransactionSerializer(); // buffers are per thread
    }

    @Override
    public Transaction createInstance() {
        return new Transaction();
    }

    @Override
    public Transaction copy(Transaction from) {
        Transaction t = new Transaction();
        copyFields(from, t);
        return t;
    }

    @Override
    public Transaction copy(Transaction from, Transaction reuse) {
        copyFields(from, reuse);
        return reuse;
    }

    private static void copyFields(Transaction from, Transaction to) {
        to.id = from.id;
        to.key = from.key;
        to.model = from.model;
        to.ts = from.ts;
        to.batch = from.batch;
        to.label = from.label;
        to.trueLabel = from.trueLabel;
        to.features = from.features == null ? null : from.features.clone();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Transaction t, DataOutputView out) throws IOException {
        writeString(t.id, out);
        writeString(t.key, out);
        writeString(t.model, out);
        out.writeLong(t.ts);
        out.writeInt(t.batch);
        out.writeInt(t.label);
        out.writeInt(t.trueLabel);
        float[] f = t.features;
        if (f == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(f.length);
        for (float v : f) {
            out.writeFloat(v);
        }
    }

    @Override
    public Transaction deserialize(DataInputView in) throws IOException {
        return deserialize(new Transaction(), in);
    }

    @Override
    public Transaction deserialize(Transaction reuse, DataInputView in) throws IOException {
        reuse.id = readString(in, false);
        reuse.key = readString(in, false);
        reuse.model = readString(in, true);
        reuse.ts = in.readLong();
        reuse.batch = in.readInt();
        reuse.label = in.readInt();
        reuse.trueLabel = in.readInt();
        int n = in.readInt();
        if (n < 0) {
            reuse.features = null;
        } else {
            float[] f = reuse.features != null && reuse.features.length == n ? reuse.features : new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = in.readFloat();
            }
            reuse.features = f;
        }
        return reuse;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    private void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        int n = s.length();
        byte[] b = buffer(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                out.writeInt(-(n + 2));
                for (int j = 0; j < n; j++) {
                    out.writeChar(s.charAt(j));
                }
                return;
            }
            b[i] = (byte) c;
        }
        out.writeInt(n);
        out.write(b, 0, n);
    }

    private String readString(DataInputView in, boolean remember) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < -1) {
            int chars = -(n + 2);
            char[] c = new char[chars];
            for (int i = 0; i < chars; i++) {
                c[i] = in.readChar();
            }
            return new String(c);
        }
        byte[] b = buffer(n);
        in.readFully(b, 0, n);
        if (remember) {
            String last = lastModel;
            if (last != null && sameAscii(last, b, n)) {
                return last;
            }
            lastModel = new String(b, 0, n, StandardCharsets.ISO_8859_1);
            return lastModel;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static boolean sameAscii(String s, byte[] b, int n) {
        if (s.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) != b[i]) {
                return false;
            }
        }
        return true;
    }

    private byte[] buffer(int n) {
        byte[] b = buffer;
        if (b == null || b.length < n) {
            b = new byte[Math.max(64, Integer.highestOneBit(Math.max(1, n)) << 1)];
            buffer = b;
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionSerializer;
    }

    @Override
    public int hashCode() {
        return TransactionSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Transaction> snapshotConfiguration() {
        return new Snapshot();
    }

    /** No configuration: the format is fixed; a new format would be a new snapshot version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Transaction> {
        public Snapshot() {
            super(TransactionSerializer::new);
        }
    }
}
