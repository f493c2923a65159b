package dev.selfheal.job.heal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.job.event.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryLineageTest {
    /** v1 deployed; v2 its pre-heal copy; v3 a heal; v4 the rollback to v1; v5 a repair; v3 evicted parents kept. */
    private static final JsonNode MODEL = Json.read("""
            {"model":"default","current_version":5,"snapshots":[
             {"version":1,"parent":0,"tag":"INITIAL","batch":0,"accuracy":0.93,"f1":0.7,"n":1000,"reason":"deployed model"},
             {"version":2,"parent":1,"tag":"PRE_HEAL","batch":3,"accuracy":0.93,"f1":0.7,"n":1000,
              "reason":"before recalibrated inputs + adapter heal + Platt refit at batch 3","drift_profile":"V14 PSI 2.10"},
             {"version":3,"parent":2,"tag":"POST_HEAL","batch":3,"accuracy":0.95,"f1":0.8,"n":40,
              "reason":"recalibrated inputs + adapter heal + Platt refit at batch 3","drift_profile":"V14 PSI 2.10"},
             {"version":4,"parent":1,"tag":"ROLLBACK","batch":9,"accuracy":null,"f1":null,"n":0,
              "reason":"rollback from v3: health fell"},
             {"version":5,"parent":4,"tag":"POST_HEAL","batch":12,"accuracy":0.94,"f1":0.75,"n":60,
              "reason":"lineage repair toward v3 (alpha 0.50) at batch 12","drift_profile":"no input drifted; \\"quoted\\""}]}
            """);

    @Test
    void eachVersionIsNamedByWhatMadeIt() {
        assertThat(RegistryLineage.transformation("INITIAL", "deployed model")).isEqualTo("deployed");
        assertThat(RegistryLineage.transformation("POST_HEAL", "recalibrated inputs + adapter heal + Platt refit"))
                .isEqualTo("recalibration + heal + Platt");
        assertThat(RegistryLineage.transformation("POST_HEAL", "input path fit on 300 labelled rows at batch 4"))
                .isEqualTo("input path");
        assertThat(RegistryLineage.transformation("POST_HEAL", "lineage repair toward v3 (alpha 0.50)"))
                .isEqualTo("repair");
        assertThat(RegistryLineage.transformation("POST_HEAL", "recall of v3 at batch 14")).isEqualTo("recall");
        assertThat(RegistryLineage.transformation("ROLLBACK", "rollback from v3")).isEqualTo("rollback");
        assertThat(RegistryLineage.transformation("ROLLBACK", "manual rollback from v3 to v1"))
                .isEqualTo("manual rollback");
        assertThat(RegistryLineage.transformation("MANUAL", "")).isEqualTo("manual");
    }

    @Test
    void theTextTreeHangsEachVersionUnderItsParentAndMarksTheServedOne() {
        String text = RegistryLineage.text(MODEL);
        assertThat(text).contains("v1 deployed at batch 0, accuracy 0.930, F1 0.700 (n 1000)");
        assertThat(text.indexOf("v2 snapshot")).isLessThan(text.indexOf("v3 recalibration + heal + Platt"));
        assertThat(text).contains("*v5 repair at batch 12").contains("drift: V14 PSI 2.10");
        assertThat(text.lines().filter(l -> l.contains("v4 rollback")).findFirst().orElseThrow())
                .as("v4 hangs under v1, beside v2").startsWith("└─ ");
    }

    @Test
    void theDotGraphHasAnEdgeFromEachVersionToItsParentWithEscapedLabels() {
        String dot = RegistryLineage.dot(MODEL);
        assertThat(dot).startsWith("digraph \"lineage default\" {");
        assertThat(dot).contains("v3 -> v2 [label=\"recalibration + heal + Platt\"]")
                .contains("v4 -> v1 [label=\"rollback\"]").contains("v5 -> v4 [label=\"repair\"]");
        assertThat(dot).contains("\\\"quoted\\\"").contains("penwidth");
        assertThat(dot.trim()).endsWith("}");
    }
}
