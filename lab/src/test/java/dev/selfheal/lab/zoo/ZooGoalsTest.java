package dev.selfheal.lab.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.job.event.Json;
import org.junit.jupiter.api.Test;

class ZooGoalsTest {

    private static ObjectNode block(double accuracy, double f1) {
        ObjectNode b = Json.MAPPER.createObjectNode();
        b.put("accuracy", accuracy);
        b.put("f1", f1);
        return b;
    }

    /** One run of a pattern cell: healed at the ceiling on the holdout, the baselines as given. */
    private static ZooCell cell(String labels, com.fasterxml.jackson.databind.JsonNode retrain,
                                com.fasterxml.jackson.databind.JsonNode logistic) {
        return cell("pattern", labels, retrain, logistic);
    }

    private static ZooCell cell(String scenario, String labels, com.fasterxml.jackson.databind.JsonNode retrain,
                                com.fasterxml.jackson.databind.JsonNode logistic) {
        ObjectNode run = Json.MAPPER.createObjectNode();
        run.set("ceiling", block(0.925, 0.744));
        run.set("holdout_healed", block(0.925, 0.744));
        run.set("holdout_frozen", block(0.892, 0.538));
        run.set("prequential_healed", block(0.910, 0.700));
        run.set("holdout_retrain", retrain);
        run.set("holdout_logistic", logistic);
        run.set("prequential_retrain", retrain);
        run.set("prequential_logistic", logistic);
        ZooCell c = new ZooCell(scenario, labels, "selfheal");
        c.runs.add(run);
        return c;
    }

    @Test
    void aConceptDriftCellNamesTheBaselinesItFallsBelow() {
        String text = ZooGoals.check(cell("immediate", block(0.90, 0.66), block(0.918, 0.71)), null);
        assertThat(text).startsWith("MISSED").endsWith("; below logistic (prequential)");
    }

    @Test
    void atTheCeilingAndAboveBothBaselinesTheGoalIsMet() {
        assertThat(ZooGoals.check(cell("immediate", block(0.90, 0.66), block(0.905, 0.69)), null)).startsWith("met");
    }

    @Test
    void anAbsentBaselineSetsNoBar() {
        ZooCell none = cell("none", Json.MAPPER.nullNode(), Json.MAPPER.nullNode());
        assertThat(ZooGoals.check(none, null)).startsWith("met: never below frozen");
    }

    @Test
    void theConceptSwitchesAreJudgedAsConceptDrift() {
        String pattern = ZooGoals.check(cell("immediate", block(0.90, 0.66), block(0.918, 0.71)), null);
        assertThat(pattern).startsWith("MISSED: acc ≥ ceiling");
        for (String scenario : java.util.List.of("sea", "hyperplane")) {
            assertThat(ZooGoals.check(cell(scenario, "immediate", block(0.90, 0.66), block(0.918, 0.71)), null))
                    .as(scenario).isEqualTo(pattern);
            assertThat(ZooGoals.check(cell(scenario, "none", Json.MAPPER.nullNode(), Json.MAPPER.nullNode()), null))
                    .as(scenario).startsWith("met: never below frozen");
        }
    }
}
