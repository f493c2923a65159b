package dev.selfheal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelAllowListTest {
    @Test
    void emptyOrBlankMeansAnyModel() {
        for (String csv : new String[] {null, "", "  "}) {
            ModelAllowList l = ModelAllowList.parse(csv);
            assertThat(l.acceptsAny()).isTrue();
            assertThat(l.accepts("default")).isTrue();
            assertThat(l.accepts("whatever")).isTrue();
            assertThat(l).hasToString("any");
        }
    }

    @Test
    void aListAcceptsExactlyItsIdsInOrderWithoutDuplicates() {
        ModelAllowList l = ModelAllowList.parse(" fraud-us ,default,fraud-us");
        assertThat(l.acceptsAny()).isFalse();
        assertThat(l.ids()).containsExactly("fraud-us", "default");
        assertThat(l.accepts("fraud-us")).isTrue();
        assertThat(l.accepts("default")).isTrue();
        assertThat(l.accepts("Fraud-us")).isFalse();
        assertThat(l.accepts("fraud-us ")).isFalse();
        assertThat(l.accepts("")).isFalse();
        assertThat(l).hasToString("fraud-us,default");
    }

    @Test
    void emptyEntriesAndOddCharactersAreRefused() {
        assertThatThrownBy(() -> ModelAllowList.parse("a,,b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty model id in 'a,,b'");
        assertThatThrownBy(() -> ModelAllowList.parse("a,")).hasMessageContaining("empty model id");
        assertThatThrownBy(() -> ModelAllowList.parse("fraud us")).hasMessageContaining("'fraud us'");
        assertThatThrownBy(() -> ModelAllowList.parse("\"a\"")).hasMessageContaining("quotes");
    }

    @Test
    void unmarkedRecordsBelongToTheOnlyServedModelElseToDefault() {
        assertThat(ModelAllowList.any().implicitModel()).isEqualTo(Transaction.DEFAULT_MODEL);
        assertThat(ModelAllowList.parse("fraud-eu").implicitModel()).isEqualTo("fraud-eu");
        // A repeated id is still one model.
        assertThat(ModelAllowList.parse("fraud-eu, fraud-eu").implicitModel()).isEqualTo("fraud-eu");
        assertThat(ModelAllowList.parse("fraud-eu,fraud-us").implicitModel()).isEqualTo(Transaction.DEFAULT_MODEL);
        assertThat(ModelAllowList.parse("fraud-eu,default").implicitModel()).isEqualTo(Transaction.DEFAULT_MODEL);
    }
}
