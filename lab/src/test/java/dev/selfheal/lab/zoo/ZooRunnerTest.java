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
            Path expected = switch (s) {
                case MULTI -> out.resolve("models/correlated-seed-3");
                case SEA -> out.resolve("models/sea-seed-3");
                case HYPERPLANE -> out.resolve("models/hyperplane-seed-3");
                default -> out.resolve("models/seed-3");
            };
            assertThat(ZooRunner.modelDir(out, s, 3)).as(s.cliName()).isEqualTo(expected);
        }
    }
}
