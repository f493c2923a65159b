package dev.selfheal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvHeaderTest {

    @Test
    void withoutAFeatureListEveryNonReservedColumnIsAFeatureInFileOrder() {
        CsvHeader h = CsvHeader.parse("b,id,a,label,ts,c,batch,key,model,true_label", null);
        assertThat(h.featureNames()).containsExactly("b", "a", "c");
        assertThat(h.featureIndex(0)).isEqualTo(0);
        assertThat(h.featureIndex(1)).isEqualTo(2);
        assertThat(h.featureIndex(2)).isEqualTo(5);
        assertThat(h.indexOf("id")).isEqualTo(1);
        assertThat(h.indexOf("true_label")).isEqualTo(9);
        assertThat(h.columnCount()).isEqualTo(10);
    }

    @Test
    void aFeatureListPicksColumnsInListOrderAndIgnoresTheRest() {
        CsvHeader h = CsvHeader.parse("id,x,extra,y,z", List.of("z", "x"));
        assertThat(h.featureNames()).containsExactly("z", "x");
        assertThat(h.featureIndex(0)).isEqualTo(4);
        assertThat(h.featureIndex(1)).isEqualTo(1);
        assertThat(h.has("key")).isFalse();
        assertThat(h.indexOf("key")).isEqualTo(-1);
    }

    @Test
    void toleratesBomCarriageReturnQuotesAndSpaces() {
        CsvHeader h = CsvHeader.parse("\uFEFFid, f1 ,\"f,0\"\r", null);
        assertThat(h.columns()).containsExactly("id", "f1", "f,0");
    }

    @Test
    void missingFeatureIsNamed() {
        assertThatThrownBy(() -> CsvHeader.parse("id,f0,f1", List.of("f0", "V14")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'V14'")
                .hasMessageContaining("[id, f0, f1]");
    }

    @Test
    void repeatedColumnIsNamed() {
        assertThatThrownBy(() -> CsvHeader.parse("id,f0,f1,f0", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'f0' appears twice (columns 2 and 4)");
    }

    @Test
    void otherHeaderErrors() {
        assertThatThrownBy(() -> CsvHeader.parse("", null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> CsvHeader.parse(null, null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> CsvHeader.parse("id,label,ts", null)).hasMessageContaining("no feature columns");
        assertThatThrownBy(() -> CsvHeader.parse("id,f0,label", List.of("label")))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> CsvHeader.parse("id,f0", List.of("f0", "f0"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> CsvHeader.parse("id,\"f0", null)).hasMessageContaining("malformed header");
        // An unnamed column (a dataframe index) must not silently become a feature...
        assertThatThrownBy(() -> CsvHeader.parse(",f0,f1", null)).hasMessageContaining("column 1 has no name");
        // ...but is harmless when the features are named.
        assertThat(CsvHeader.parse(",f0,f1", List.of("f1")).featureNames()).containsExactly("f1");
    }
}
