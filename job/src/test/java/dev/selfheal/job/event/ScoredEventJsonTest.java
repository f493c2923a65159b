package dev.selfheal.job.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The scored-event line (the output contract) is valid JSON whatever the ids hold, and keeps every field. */
class ScoredEventJsonTest {
    @Test
    void everyFieldSurvivesAJsonParserIncludingIdsThatNeedEscaping() throws Exception {
        ScoredEvent e = new ScoredEvent();
        e.id = "tx \"7\" \\ tab\t nl\n cr\r bell\u0007 é";
        e.key = "acct-1";
        e.model = null;
        e.ts = 1_700_000_000_123L;
        e.batch = 42;
        e.p = 0.123456789f;
        e.decision = true;
        e.pShadow = 1.0E-7f;
        e.modelVersion = 9;
        e.ruleFlags = 3;
        e.subtask = 1;
        JsonNode j = new ObjectMapper().readTree(e.toJson());
        assertThat(j.get("id").asText()).isEqualTo(e.id);
        assertThat(j.get("key").asText()).isEqualTo("acct-1");
        assertThat(j.get("model").isNull()).isTrue();
        assertThat(j.get("ts").asLong()).isEqualTo(e.ts);
        assertThat(j.get("batch").asInt()).isEqualTo(42);
        assertThat((float) j.get("p").asDouble()).isEqualTo(e.p);
        assertThat(j.get("decision").asInt()).isEqualTo(1);
        assertThat((float) j.get("p_shadow").asDouble()).isEqualTo(e.pShadow);
        assertThat(j.get("model_version").asLong()).isEqualTo(9);
        assertThat(j.get("rule_flags").asInt()).isEqualTo(3);
        assertThat(j.get("subtask").asInt()).isEqualTo(1);
        assertThat(j.size()).isEqualTo(11);
    }

    @Test
    void quoteAloneAndIntoABuilderAgree() {
        String s = "a\"b\\c\u0001";
        assertThat(Json.quote(s)).isEqualTo(Json.quote(new StringBuilder(), s).toString()).isEqualTo("\"a\\\"b\\\\c\\u0001\"");
        assertThat(Json.quote((String) null)).isEqualTo("null");
    }
}
