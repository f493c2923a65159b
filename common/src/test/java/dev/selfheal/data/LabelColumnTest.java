package dev.selfheal.data;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelColumnTest {
    @TempDir
    Path dir;

    @Test
    void aFileWithALabelColumnPasses() throws Exception {
        Path f = Files.writeString(dir.resolve("ok.csv"), "amount,label,hour\n1,0,2\n");

        assertThatCode(() -> LabelColumn.require(f, "training")).doesNotThrowAnyException();
    }

    @Test
    void withoutOneTheErrorNamesTheRequiredColumnWhatNeedsItAndTheColumnsThereAre() throws Exception {
        Path f = Files.writeString(dir.resolve("no-label.csv"), "amount,hour,is_fraud\n1,2,0\n");

        assertThatThrownBy(() -> LabelColumn.require(f, "training"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(f + " has no 'label' column, which training needs (0 = normal, 1 = fraud); its columns "
                        + "are amount, hour, is_fraud");
    }

    @Test
    void aLabelColumnSpelledWithCapitalsIsPointedAt() throws Exception {
        Path f = Files.writeString(dir.resolve("caps.csv"), "\uFEFFamount,Label\n1,0\n");

        assertThatThrownBy(() -> LabelColumn.require(f, "evaluation"))
                .hasMessageEndingWith("its columns are amount, Label (rename 'Label' to 'label': names are "
                        + "case-sensitive)");
    }

    @Test
    void anEmptyFileIsLeftToTheReaderToReport() throws Exception {
        Path f = Files.writeString(dir.resolve("empty.csv"), "");

        assertThatCode(() -> LabelColumn.require(f, "training")).doesNotThrowAnyException();
    }
}
