package dev.selfheal.job;

import dev.selfheal.data.AvroTransactionParser;
import dev.selfheal.data.JsonTransactionParser;
import dev.selfheal.data.ModelAllowList;
import dev.selfheal.data.RecordFormat;
import dev.selfheal.data.TransactionDecoder;
import org.apache.flink.api.connector.source.Source;

import java.util.List;
import java.util.Objects;

/**
 * Transactions that arrive as bytes, one record each (input.format json or avro), and how to read them.
 *
 * @param avroSchema the writers' schema text for avro, null for json
 */
public record TransactionRecords(Source<byte[], ?, ?> source, RecordFormat format, String avroSchema) {
    public TransactionRecords {
        Objects.requireNonNull(source);
        if (format == RecordFormat.CSV) {
            throw new IllegalArgumentException("csv transactions are text lines, not records");
        }
        if (format == RecordFormat.AVRO && (avroSchema == null || avroSchema.isBlank())) {
            throw new IllegalArgumentException("input.format avro needs a schema (avro.schema)");
        }
    }

    /** @throws IllegalArgumentException in one line when the schema cannot feed these features */
    public TransactionDecoder decoder(List<String> features, ModelAllowList models) {
        return format == RecordFormat.AVRO
                ? new AvroTransactionParser(avroSchema, features, models)
                : new JsonTransactionParser(features, models);
    }
}
