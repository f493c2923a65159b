package dev.selfheal.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.CsvHeader;
import dev.selfheal.scenario.Scenario;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GeneratedTransactionsTest {
    @Test
    void rowsSpreadOverModelsNameTheirModelInPlaceOfTheBatchColumn() {
        GeneratedTransactions.Lines lines = new GeneratedTransactions.Lines(Scenario.parse("seed"), 42, 8);
        List<String> header = Arrays.asList(GeneratedTransactions.header(8).split(","));
        assertThat(header).contains(CsvHeader.MODEL).doesNotContain("batch");
        int model = header.indexOf(CsvHeader.MODEL);
        List<String> models = LongStream.range(0, 800).mapToObj(i -> lines.map(i).split(",")[model]).toList();
        Map<String, Long> perModel = models.stream().collect(Collectors.groupingBy(m -> m, Collectors.counting()));
        assertThat(perModel.keySet()).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7");
        assertThat(perModel.values()).allSatisfy(n -> assertThat(n).isBetween(60L, 140L));
        assertThat(lines.map(9L).split(",")).hasSameSizeAs(header.toArray());
        // The same row always belongs to the same model, in any instance (a restore regenerates rows).
        GeneratedTransactions.Lines again = new GeneratedTransactions.Lines(Scenario.parse("seed"), 42, 8);
        assertThat(again.map(799L).split(",")[model]).isEqualTo(models.get(799));
    }

    @Test
    void withManyModelsEachModelSeesManyDifferentRowsOfTheRepeatingScenario() {
        // The seed scenario's stream is 2,500 rows long: a plain index modulus would give each of
        // 1,000 models the same 5 rows over and over.
        GeneratedTransactions.Lines lines = new GeneratedTransactions.Lines(Scenario.parse("seed"), 42, 1000);
        int model = Arrays.asList(GeneratedTransactions.header(1000).split(",")).indexOf(CsvHeader.MODEL);
        Set<String> featuresOfM7 = new HashSet<>();
        for (long i = 0; i < 200_000; i++) {
            String[] row = lines.map(i).split(",");
            if (row[model].equals("m7")) {
                featuresOfM7.add(String.join(",", Arrays.copyOfRange(row, 5, row.length)));
            }
        }
        assertThat(featuresOfM7).hasSizeGreaterThan(100);
    }

    @Test
    void oneModelKeepsTheScenariosBatchColumnAndTheSameFeatures() {
        GeneratedTransactions.Lines one = new GeneratedTransactions.Lines(Scenario.parse("seed"), 42, 0);
        GeneratedTransactions.Lines many = new GeneratedTransactions.Lines(Scenario.parse("seed"), 42, 3);
        assertThat(GeneratedTransactions.header()).isEqualTo(GeneratedTransactions.header(0)).contains(",batch,");
        String[] a = one.map(250L).split(",");
        String[] b = many.map(250L).split(",");
        assertThat(a[3]).isEqualTo("3");
        assertThat(b[3]).isEqualTo(GeneratedTransactions.modelOf(250, 3));
        assertThat(Arrays.copyOfRange(a, 4, a.length)).isEqualTo(Arrays.copyOfRange(b, 4, b.length));
    }

    @Test
    void aFamilyWithColumnsOfItsOwnIsHeadedByThem() {
        assertThat(GeneratedTransactions.header("generator:sea:7", 0))
                .isEqualTo("id,key,ts,batch,label,amount,hour,velocity");
        assertThat(GeneratedTransactions.header("generator:shift", 0)).isEqualTo(GeneratedTransactions.header());
        GeneratedTransactions.Lines sea = new GeneratedTransactions.Lines(Scenario.SEA, 7, 0);
        assertThat(sea.map(0L).split(",")).hasSize(GeneratedTransactions.header("generator:sea", 0).split(",").length);
    }
}
