package dev.selfheal.job.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.CsvFields;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

class ScoredEventFormatsTest {
    private static ScoredEvent event(String id) {
        ScoredEvent e = new ScoredEvent();
        e.id = id;
        e.key = "acct-7";
        e.model = "fraud-eu";
        e.ts = 1_700_000_000_000L;
        e.batch = 3;
        e.p = 0.875f;
        e.decision = true;
        e.pShadow = 0.25f;
        e.modelVersion = 12;
        e.ruleFlags = 5;
        e.subtask = 1;
        return e;
    }

    @Test
    void csvRowsHaveTheHeadersColumnsAndQuoteOnlyWhenNeeded() throws Exception {
        assertThat(event("tx-1").toCsv()).isEqualTo("tx-1,acct-7,fraud-eu,1700000000000,3,0.875,1,0.25,12,5,1");
        String quoted = event("a,\"b\"").toCsv();
        assertThat(quoted).startsWith("\"a,\"\"b\"\"\",acct-7,");
        assertThat(CsvFields.split(quoted)).hasSize(ScoredEvent.CSV_HEADER.split(",").length)
                .first().isEqualTo("a,\"b\"");
    }

    @Test
    void avroRecordsDecodeWithTheShippedSchema() throws Exception {
        ScoredEventAvro avro = new ScoredEventAvro();
        byte[] first = avro.map(event("tx-1"));
        byte[] second = avro.map(event("tx-2"));
        Schema s = ScoredEventAvro.schema();
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(s);
        GenericRecord r = reader.read(null, DecoderFactory.get().binaryDecoder(first, null));
        assertThat(r.get("id").toString()).isEqualTo("tx-1");
        assertThat(r.get("key").toString()).isEqualTo("acct-7");
        assertThat(r.get("model").toString()).isEqualTo("fraud-eu");
        assertThat(r.get("ts")).isEqualTo(1_700_000_000_000L);
        assertThat(r.get("batch")).isEqualTo(3);
        assertThat(r.get("p")).isEqualTo(0.875f);
        assertThat(r.get("decision")).isEqualTo(true);
        assertThat(r.get("p_shadow")).isEqualTo(0.25f);
        assertThat(r.get("model_version")).isEqualTo(12L);
        assertThat(r.get("rule_flags")).isEqualTo(5);
        assertThat(r.get("subtask")).isEqualTo(1);
        // A reused buffer must not leak one record into the next.
        assertThat(reader.read(null, DecoderFactory.get().binaryDecoder(second, null)).get("id").toString())
                .isEqualTo("tx-2");
        assertThat(first).hasSize(second.length);
    }

    @Test
    void deadLettersNameTheirRawEncodingOnlyWhenBinary() {
        assertThat(new DeadLetterRecord("transactions", "malformed", "m", 3, "a,b").toJson())
                .isEqualTo("{\"stream\":\"transactions\",\"reason\":\"malformed\",\"message\":\"m\",\"line\":3,\"raw\":\"a,b\"}");
        DeadLetterRecord binary = new DeadLetterRecord("transactions",
                new dev.selfheal.data.DeadLetter(4, "malformed", "m", "AAE=", dev.selfheal.data.DeadLetter.BASE64));
        assertThat(binary.toJson()).isEqualTo("{\"stream\":\"transactions\",\"reason\":\"malformed\",\"message\":\"m\","
                + "\"line\":4,\"raw\":\"AAE=\",\"raw_encoding\":\"base64\"}");
    }
}
