package dev.selfheal.lab.bench;

import dev.selfheal.data.RecordFormat;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.job.event.ScoredEventAvro;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The latency consumer reads ts from what the job's own formatting writes, in every format. */
class ScoredTimestampsTest {
    private static ScoredEvent event() {
        ScoredEvent e = new ScoredEvent();
        e.id = "s17";
        e.key = "acct-3";
        e.model = "m1";
        e.ts = 1_796_550_481_222L;
        e.batch = 4;
        e.p = 0.25f;
        e.pShadow = 0.5f;
        e.modelVersion = 7;
        return e;
    }

    @Test
    void tsIsReadFromJsonCsvAndAvroScoredEvents() throws Exception {
        ScoredEvent e = event();
        assertThat(new ScoredTimestamps(RecordFormat.JSON).ts(e.toJson().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(e.ts);
        assertThat(new ScoredTimestamps(RecordFormat.CSV).ts(e.toCsv().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(e.ts);
        ScoredTimestamps avro = new ScoredTimestamps(RecordFormat.AVRO);
        ScoredEventAvro encoder = new ScoredEventAvro();
        assertThat(avro.ts(encoder.map(e))).isEqualTo(e.ts);
        e.ts = 5;
        assertThat(avro.ts(encoder.map(e))).as("the decoder is reused").isEqualTo(5);
    }

    @Test
    void aRecordWithoutTsIsRefused() {
        assertThatThrownBy(() -> new ScoredTimestamps(RecordFormat.JSON).ts("{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScoredTimestamps(RecordFormat.CSV).ts("a,b,c,".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
