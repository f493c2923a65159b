package dev.selfheal.job.io;

import dev.selfheal.data.Transaction;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of the transaction streams: {@link TransactionSerializer} on the wire (not in state). */
public final class TransactionTypeInfo extends TypeInformation<Transaction> {
    private static final long serialVersionUID = 1L;
    public static final TransactionTypeInfo INSTANCE = new TransactionTypeInfo();

    private TransactionTypeInfo() {}

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Transaction> getTypeClass() {
        return Transaction.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Transaction> createSerializer(SerializerConfig config) {
        return new TransactionSerializer();
    }

    @Override
    public String toString() {
        return "Transaction(selfheal wire format)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionTypeInfo;
    }

    @Override
    public int hashCode() {
        return TransactionTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof TransactionTypeInfo;
    }
}
