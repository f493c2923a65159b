package dev.selfheal.data;

import java.io.Serializable;

/**
 * Turns one record's bytes (a Kafka record value, a line of a file, a framed Avro record) into a
 * {@link Transaction}, or into a dead letter with a reason and the raw bytes. Never throws on bad
 * input. Implementations may keep scratch state between calls: one instance per thread.
 */
public interface TransactionDecoder extends Serializable {
    /** @param recordNumber the record's position in its source, 1-based; stands in for absent ids and times */
    default ParseResult<Transaction> parse(byte[] record, long recordNumber) {
        return parse(record, 0, record.length, recordNumber);
    }

    ParseResult<Transaction> parse(byte[] bytes, int offset, int length, long recordNumber);

    RecordFormat format();
}
