package dev.selfheal.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.TransactionCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesFourFilesThatReadBackIdentically() throws IOException {
        ScenarioData data = new ScenarioGenerator(Scenario.POISON, 11).generate();
        Path out = dir.resolve("nested/poison");
        ScenarioFiles.write(data, out);

        assertThat(TransactionCsv.read(out.resolve("train.csv"), null)).isEqualTo(data.train());
        assertThat(TransactionCsv.read(out.resolve("clean_test.csv"), null)).isEqualTo(data.cleanTest());
        assertThat(TransactionCsv.read(out.resolve("stream.csv"), null)).isEqualTo(data.stream());
        assertThat(TransactionCsv.read(out.resolve("holdout.csv"), null)).isEqualTo(data.holdout());

        // Only the poisoned stream needs the evaluation-only column.
        assertThat(Files.readAllLines(out.resolve("stream.csv")).get(0))
                .isEqualTo("id,key,ts,batch,label,true_label,f0,f1,f2,f3,f4,f5,f6,V14,f8,f9");
        assertThat(Files.readAllLines(out.resolve("holdout.csv")).get(0))
                .isEqualTo("id,key,ts,batch,label,f0,f1,f2,f3,f4,f5,f6,V14,f8,f9");
    }
}
