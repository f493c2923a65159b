package dev.selfheal.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.job.event.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryRowsTest {
    @Test
    void aBaselineWithoutLabelsIsANoteAndBaselinesSwitchedOffAreLeftOut() {
        ObjectNode s = summary();
        s.putNull("holdout_retrain");
        s.putObject("baselines").put("window", 500);

        assertThat(names(s, 0)).contains("drift, retrain (last 500 labels)");
        SummaryRows.Row retrain = SummaryRows.groups(s).get(0).stream()
                .filter(r -> r.name().startsWith("drift, retrain")).findFirst().orElseThrow();
        assertThat(retrain.block()).isNull();
        assertThat(retrain.note()).isEqualTo("– (no labels to fit on)");

        s.putObject("baselines").put("window", 0);
        assertThat(names(s, 0)).noneMatch(n -> n.startsWith("drift, retrain"));
    }

    @Test
    void absentFiguresAreLeftOutAndTheCeilingHasOnlyAccuracyAndF1() {
        ObjectNode s = summary();
        s.putObject("ceiling").put("accuracy", 0.94).put("f1", 0.8);

        assertThat(names(s, 0)).containsExactly("drift, frozen (never healed)", "drift, healed (final adapter)",
                "drift, ceiling (Bayes-optimal)");
        SummaryRows.Row ceiling = SummaryRows.groups(s).get(0).get(2);
        assertThat(ceiling.value("accuracy")).isEqualTo(0.94);
        assertThat(ceiling.value("precision")).isNull();
        assertThat(SummaryRows.groups(s).get(0).get(1).ours()).isTrue();
        assertThat(names(s, 1)).containsExactly("prequential, healed (served)");
    }

    @Test
    void theLabelsLineOnlyWhenTheSummaryCountsThem() {
        ObjectNode s = summary();
        assertThat(SummaryRows.labels(s)).isNull();

        s.put("labels_used", 12).put("labels", "requested:0.1").put("labels_requested", 20);
        assertThat(SummaryRows.labels(s)).isEqualTo("labels used 12 (requested:0.1), of 20 requested");
        assertThat(SummaryRows.counts(s)).startsWith("heals 3, rejected updates 0, rollbacks 0");
    }

    private static List<String> names(ObjectNode s, int group) {
        return SummaryRows.groups(s).get(group).stream().map(SummaryRows.Row::name).toList();
    }

    private static ObjectNode summary() {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.putObject("holdout_frozen").put("accuracy", 0.4).put("precision", 0.2).put("recall", 1.0).put("f1", 0.3);
        s.putObject("holdout_healed").put("accuracy", 0.9).put("precision", 0.8).put("recall", 0.8).put("f1", 0.8);
        s.putObject("prequential_healed").put("accuracy", 0.9).put("precision", 0.7).put("recall", 0.8).put("f1", 0.7);
        s.put("heals", 3);
        return s;
    }
}
