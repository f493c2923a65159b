package dev.selfheal.lab.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.scenario.Scenario;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ZooRunnerTest {

    @Test
    void scenariosShareAModelOnlyWhenTheyShareTrainingData() {
        Path out = Path.of("zoo-out");
        for (Scenario s : Scenario.values()) {
            Path expected = s == Scenario.MULTI ? out.resolve("models/correlated-seed-3")
                    : out.resolve("models/seed-3");
            assertThat(ZooRunner.modelDir(out, s, 3)).as(s.cliName()).isEqualTo(expected);
        }
    }
}
