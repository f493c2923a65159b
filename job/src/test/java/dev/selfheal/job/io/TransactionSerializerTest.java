package dev.selfheal.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.Transaction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class TransactionSerializerTest {
    private final TypeSerializer<Transaction> serializer =
            TransactionTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl());

    @Property(tries = 300)
    void everyFieldSurvivesTheWire(@ForAll String id, @ForAll String key, @ForAll String model, @ForAll long ts,
                                   @ForAll int batch, @ForAll int label, @ForAll int trueLabel,
                                   @ForAll @Size(max = 40) float[] features) throws IOException {
        Transaction t = transaction(id, key, model, ts, features);
        t.batch = batch;
        t.label = label;
        t.trueLabel = trueLabel;
        assertThat(roundTrip(List.of(t))).singleElement().isEqualTo(t);
    }

    @Test
    void nullsNonAsciiAndNonFiniteValuesRoundTrip() throws IOException {
        List<Transaction> in = List.of(
                transaction(null, null, null, 0, null),
                transaction("ü-1", "Konto-ß", "模型", -5, new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0f}),
                transaction("", "", "", Long.MAX_VALUE, new float[0]));
        List<Transaction> out = roundTrip(in);
        assertThat(out).isEqualTo(in);
        assertThat(Float.floatToRawIntBits(out.get(1).features[2])).isEqualTo(Float.floatToRawIntBits(-0f));
    }

    @Test
    void recordsInOneBufferKeepTheirOwnValuesAndTheRepeatedModelIdIsOneInstance() throws IOException {
        List<Transaction> in = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            in.add(transaction("g-" + i, "acct-" + (i % 7), i == 20 ? "other" : "default", i, new float[] {i, -i}));
        }
        List<Transaction> out = roundTrip(in);
        assertThat(out).isEqualTo(in);
        assertThat(out.get(1).model).isSameAs(out.get(2).model);
        assertThat(out.get(20).model).isEqualTo("other");
        assertThat(out.get(21).model).isEqualTo("default");
        assertThat(out.get(1).features).isNotSameAs(out.get(2).features);
    }

    @Test
    void aLongIdAfterShortOnesIsReadWhole() throws IOException {
        String longId = "x".repeat(100_000);
        List<Transaction> in = List.of(transaction("a", "k", "default", 1, new float[] {1}),
                transaction(longId, "k", "default", 2, new float[] {2}));
        assertThat(roundTrip(in)).isEqualTo(in);
    }

    @Test
    void copiesAreDeepWhereTheTransactionIsMutable() {
        Transaction t = transaction("id", "k", "default", 3, new float[] {1, 2});
        Transaction c = serializer.copy(t);
        assertThat(c).isEqualTo(t);
        c.features[0] = 9;
        assertThat(t.features[0]).isEqualTo(1f);
    }

    @Test
    void theSnapshotRestoresACompatibleSerializer() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<Transaction> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        TypeSerializerSchemaCompatibility<Transaction> compat =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compat.isCompatibleAsIs()).isTrue();
    }

    private List<Transaction> roundTrip(List<Transaction> in) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        TypeSerializer<Transaction> writer = serializer.duplicate();
        for (Transaction t : in) {
            writer.serialize(t, out);
        }
        DataInputDeserializer bytes = new DataInputDeserializer(out.getCopyOfBuffer());
        TypeSerializer<Transaction> reader = serializer.duplicate();
        List<Transaction> result = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            result.add(reader.deserialize(bytes));
        }
        assertThat(bytes.available()).as("every byte consumed").isZero();
        return result;
    }

    private static Transaction transaction(String id, String key, String model, long ts, float[] features) {
        Transaction t = new Transaction(id, key, ts, 1, 0, features);
        t.model = model;
        t.trueLabel = 1;
        return t;
    }
}
