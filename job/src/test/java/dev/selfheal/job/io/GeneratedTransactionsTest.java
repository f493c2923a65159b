package dev.selfheal.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.CsvHeader;
import dev.selfheal.scenario.Scenario;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GeneratedTransactionsTest {
    @Test
    void rowsSpreadOverModelsNameTheirModelInPlaceOfTheBatchColumn() {
        GeneratedTransactions.Lines lines = new GeneratedTransactions.Lines(Scenario.parse("seed"), 42, 8);
        List<String> header = Arrays.asList(GeneratedTransactions.header(8).split(","));
        assertThat(header).contains(CsvHeader.MODEL).doesNotContain("batch");
        int model = header.indexOf(CsvHeader.MODEL);
        List<String> models = LongStream.range(0, 16).mapToObj(i -> lines.map(i).split(",")[model]).toList();
        assertThat(models.subList(0, 8)).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7");
        assertThat(models.subList(8, 16)).isEqualTo(models.subList(0, 8));
        assertThat(lines.map(9L).split(",")).hasSameSizeAs(header.toArray());
    }

    @Test
    void oneModelKeepsTheScenariosBatchColumnAndTheSameFeatures() {
        GeneratedTransactions.Lines one = new GeneratedTransactions.Lines(Scenario.parse("seed"), 42, 0);
        GeneratedTransactions.Lines many = new GeneratedTransactions.Lines(Scenario.parse("seed"), 42, 3);
        assertThat(GeneratedTransactions.header()).isEqualTo(GeneratedTransactions.header(0)).contains(",batch,");
        String[] a = one.map(250L).split(",");
        String[] b = many.map(250L).split(",");
        assertThat(a[3]).isEqualTo("3");
        assertThat(b[3]).isEqualTo("m1");
        assertThat(Arrays.copyOfRange(a, 4, a.length)).isEqualTo(Arrays.copyOfRange(b, 4, b.length));
    }
}
