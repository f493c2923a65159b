package dev.selfheal.lab.bench;

import dev.selfheal.data.AvroTransactionParser;
import dev.selfheal.data.CsvHeader;
import dev.selfheal.data.JsonTransactionParser;
import dev.selfheal.data.ModelAllowList;
import dev.selfheal.data.RecordFormat;
import dev.selfheal.data.Transaction;
import dev.selfheal.data.TransactionParser;
import dev.selfheal.job.io.GeneratedTransactions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka part's formats carry the same transactions, as the job's own decoders read them. */
class PooledRecordsTest {
    private static TransactionPool pool;
    private static final List<String> FEATURES = PooledRecords.FEATURES;

    @BeforeAll
    static void pool() {
        pool = TransactionPool.of(BenchSetup.create(3, 1).streamRows(), 64, 0.1, 8);
    }

    private static Transaction read(RecordFormat f, byte[] record, long n) {
        var r = switch (f) {
            case CSV -> new TransactionParser(CsvHeader.parse(GeneratedTransactions.header(), FEATURES),
                    ModelAllowList.any()).parse(new String(record, StandardCharsets.UTF_8), n);
            case JSON -> new JsonTransactionParser(FEATURES, ModelAllowList.any()).parse(record, n);
            case AVRO -> new AvroTransactionParser(PooledRecords.avroSchema().toString(), FEATURES, ModelAllowList.any())
                    .parse(record, n);
        };
        assertThat(r.ok()).as(f + ": " + r).isTrue();
        return r.value();
    }

    @Test
    void everyFormatReadsBackAsTheSameTransaction() {
        for (long g : new long[] {0, 1, 9, 10, 11, 130}) {
            long ts = PooledTransactions.T0 + 1000 * g;
            Transaction csv = read(RecordFormat.CSV, new PooledRecords(pool, RecordFormat.CSV).encode(g, ts), g + 1);
            assertThat(csv.ts).isEqualTo(ts);
            assertThat(csv.hasLabel()).as("every 10th event is a labelled sample").isEqualTo(g % 10 == 0);
            for (RecordFormat f : List.of(RecordFormat.JSON, RecordFormat.AVRO)) {
                Transaction t = read(f, new PooledRecords(pool, f).encode(g, ts), g + 1);
                assertThat(t.id).isEqualTo(csv.id);
                assertThat(t.key).isEqualTo(csv.key);
                assertThat(t.ts).isEqualTo(csv.ts);
                assertThat(t.label).isEqualTo(csv.label);
                assertThat(t.features).containsExactly(csv.features);
            }
        }
    }
}
