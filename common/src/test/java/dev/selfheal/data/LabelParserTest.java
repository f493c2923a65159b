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
    void headerIsSkippedNotDeadLettered() {
        ParseResult<LabelEvent> first = parser.parse("id,label,ts", 1);
        assertThat(first.skipped()).isTrue();
        assertThat(first.ok()).isFalse();
        assertThat(first.rejected()).isFalse();
        assertThat(parser.parse("id,whatever", 1).skipped()).isTrue();
        // A repeated header later on (concatenated files) is skipped too, but only an exact one.
        assertThat(parser.parse("id,label", 40).skipped()).isTrue();
        assertThat(parser.parse("id,2", 40).reason()).isEqualTo(DeadLetterReason.BAD_LABEL);
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
        "column_count | 'tx-1,1,5,extra'",
        "bad_ts       | 'tx-1,1,soon'",
        "malformed    | '\"tx-1,1'",
        "empty_line   | ''",
    })
    void badLinesGiveTheirReason(String code, String line) {
        ParseResult<LabelEvent> r = parser.parse(line, 5);
        assertThat(r.rejected()).isTrue();
        assertThat(r.reason().code()).isEqualTo(code);
        assertThat(r.raw()).isEqualTo(line);
    }
}
