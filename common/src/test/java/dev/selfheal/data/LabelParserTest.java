package dev.selfheal.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelParserTest {
    private final LabelParser parser = new LabelParser();

    @Test
    void parsesWithAndWithoutTs() {
        assertThat(parser.parse("tx-1,1,1700000000123", 2).value())
                .isEqualTo(new LabelEvent("tx-1", 1, 1_700_000_000_123L));
        assertThat(parser.parse("tx-2,0", 8).value()).isEqualTo(new LabelEvent("tx-2", 0, 8));
        assertThat(parser.parse("\"tx,3\",1\r", 9).value()).isEqualTo(new LabelEvent("tx,3", 1, 9));
    }

    @Test
    void aFourthColumnNamesTheModelAndWithoutOneTheLabelIsDefaults() {
        assertThat(parser.parse("tx-1,1,17,fraud-eu", 2).value()).isEqualTo(new LabelEvent("tx-1", 1, 17, "fraud-eu"));
        assertThat(parser.parse("tx-2,0,18,\"fraud,us\"\r", 3).value())
                .isEqualTo(new LabelEvent("tx-2", 0, 18, "fraud,us"));
        // An empty model field is no model, as in the transactions.
        assertThat(parser.parse("tx-3,1,19,", 4).value()).isEqualTo(new LabelEvent("tx-3", 1, 19, "default"));
        assertThat(parser.parse("tx-4,1,20", 5).value().model()).isEqualTo("default");
        assertThat(parser.parse("tx-5,1", 6).value().model()).isEqualTo("default");
    }

    @Test
    void withOneServedModelUnmarkedLabelsAreItsAndOthersAreUnknownModel() {
        LabelParser p = new LabelParser(ModelAllowList.parse("fraud-eu"));
        assertThat(p.parse("tx-1,1", 2).value()).isEqualTo(new LabelEvent("tx-1", 1, 2, "fraud-eu"));
        assertThat(p.parse("tx-2,0,7", 3).value()).isEqualTo(new LabelEvent("tx-2", 0, 7, "fraud-eu"));
        assertThat(p.parse("tx-3,0,8,", 4).value().model()).isEqualTo("fraud-eu");
        assertThat(p.parse("tx-4,0,9,fraud-eu", 5).value().model()).isEqualTo("fraud-eu");
        for (String line : new String[] {"tx-5,1,9,fraud-us", "tx-6,1,9,default", "tx-7,1,9,FRAUD-EU", "tx-8,1,9, fraud-eu"}) {
            ParseResult<LabelEvent> r = p.parse(line, 6);
            assertThat(r.reason()).as(line).isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
            assertThat(r.raw()).isEqualTo(line);
            assertThat(r.message()).contains("input.models: fraud-eu");
        }
    }

    @Test
    void withSeveralServedModelsUnmarkedLabelsAreDefaultsAndPassOnlyIfDefaultIsServed() {
        LabelParser twoModels = new LabelParser(ModelAllowList.parse("fraud-eu,fraud-us"));
        assertThat(twoModels.parse("tx-1,1,5,fraud-us", 2).value().model()).isEqualTo("fraud-us");
        assertThat(twoModels.parse("tx-2,1,5,fraud-eu", 2).value().model()).isEqualTo("fraud-eu");
        ParseResult<LabelEvent> unmarked = twoModels.parse("tx-3,1,5", 3);
        assertThat(unmarked.reason()).isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
        assertThat(unmarked.message()).contains("'default'");

        LabelParser withDefault = new LabelParser(ModelAllowList.parse("fraud-eu,default"));
        assertThat(withDefault.parse("tx-3,1,5", 3).value().model()).isEqualTo("default");
        assertThat(withDefault.parse("tx-4,1", 4).value().model()).isEqualTo("default");
    }

    @Test
    void anOverLongLineIsCutBeforeTheModelIsLookedAt() {
        LabelParser p = new LabelParser(20, ModelAllowList.parse("fraud-eu"));
        String line = "tx-1,1,5," + "m".repeat(40);
        ParseResult<LabelEvent> r = p.parse(line, 2);
        assertThat(r.reason()).isEqualTo(DeadLetterReason.LINE_TOO_LONG);
    }

    @Test
    void headerIsSkippedNotDeadLettered() {
        ParseResult<LabelEvent> first = parser.parse("id,label,ts", 1);
        assertThat(first.skipped()).isTrue();
        assertThat(first.ok()).isFalse();
        assertThat(first.rejected()).isFalse();
        assertThat(parser.parse("id,whatever", 1).skipped()).isTrue();
        // A repeated header later on (concatenated files) is skipped too, but only an exact one.
        assertThat(parser.parse("id,label", 40).skipped()).isTrue();
        assertThat(parser.parse("id,2", 40).reason()).isEqualTo(DeadLetterReason.BAD_LABEL);
        assertThat(parser.parse("id,label,ts,model", 41).skipped()).isTrue();
        assertThat(parser.parse(" id , label , ts , model\r", 41).skipped()).isTrue();
        assertThat(parser.parse("id,label,model", 42).reason()).isEqualTo(DeadLetterReason.BAD_LABEL);
        assertThat(parser.parse("id,label,ts,model,x", 43).reason()).isEqualTo(DeadLetterReason.COLUMN_COUNT);
    }

    @Test
    void firstLineThatIsDataIsKept() {
        assertThat(parser.parse("tx-1,1", 1).ok()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad_label    | 'tx-1,2'",
        "bad_label    | 'tx-1,'",
        "bad_label    | 'tx-1,true'",
        "missing_id   | ',1'",
        "column_count | 'tx-1'",
        "column_count | 'tx-1,1,5,m,extra'",
        "bad_ts       | 'tx-1,1,soon'",
        "bad_ts       | 'tx-1,1,,fraud-eu'",
        "bad_label    | 'tx-1,x,5,fraud-eu'",
        "missing_id   | ' ,1,5,fraud-eu'",
        "malformed    | '\"tx-1,1'",
        "empty_line   | ''",
    })
    void badLinesGiveTheirReason(String code, String line) {
        ParseResult<LabelEvent> r = parser.parse(line, 5);
        assertThat(r.rejected()).isTrue();
        assertThat(r.reason().code()).isEqualTo(code);
        assertThat(r.raw()).isEqualTo(line);
    }

    @Test
    void acceptingJsonReadsObjectsAndStillReadsCsvLines() {
        LabelParser json = new LabelParser(ModelAllowList.parse("fraud-eu,fraud-us")).acceptingJson();
        assertThat(json.parse("{\"id\":\"tx-1\",\"label\":1,\"ts\":1700000000123,\"model\":\"fraud-eu\",\"x\":[1]}", 2)
                .value()).isEqualTo(new LabelEvent("tx-1", 1, 1_700_000_000_123L, "fraud-eu"));
        assertThat(json.parse(" {\"label\":\"0\",\"id\":7,\"model\":\"fraud-us\"}", 8).value())
                .isEqualTo(new LabelEvent("7", 0, 8, "fraud-us"));
        assertThat(json.parse("tx-2,0,5,fraud-eu", 9).value()).isEqualTo(new LabelEvent("tx-2", 0, 5, "fraud-eu"));
        assertThat(json.parse("id,label", 1).skipped()).isTrue();
    }

    @Test
    void withoutJsonAnObjectIsACsvLineAsBefore() {
        assertThat(parser.parse("{\"id\":\"a\",\"label\":1}", 2).reason()).isEqualTo(DeadLetterReason.MALFORMED);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "malformed     | '{\"id\":\"a\",\"label\":1'",
        "malformed     | '{\"id\":\"a\",\"label\":1} x'",
        "malformed     | '{\"id\":\"a\",\"label\":1,\"model\":{}}'",
        "missing_id    | '{\"label\":1}'",
        "missing_id    | '{\"id\":\" \",\"label\":1}'",
        "missing_id    | '{\"id\":[1],\"label\":1}'",
        "bad_label     | '{\"id\":\"a\"}'",
        "bad_label     | '{\"id\":\"a\",\"label\":2}'",
        "bad_label     | '{\"id\":\"a\",\"label\":true}'",
        "bad_ts        | '{\"id\":\"a\",\"label\":1,\"ts\":-1}'",
        "bad_ts        | '{\"id\":\"a\",\"label\":1,\"ts\":\"noon\"}'",
        "unknown_model | '{\"id\":\"a\",\"label\":1,\"model\":\"fraud-xx\"}'",
        "unknown_model | '{\"id\":\"a\",\"label\":1}'",
    })
    void badJsonLabelsGiveTheirReason(String code, String line) {
        ParseResult<LabelEvent> r = new LabelParser(ModelAllowList.parse("fraud-eu,fraud-us")).acceptingJson()
                .parse(line, 4);
        assertThat(r.reason().code()).as(r.message()).isEqualTo(code);
        assertThat(r.raw()).isEqualTo(line);
    }
}
