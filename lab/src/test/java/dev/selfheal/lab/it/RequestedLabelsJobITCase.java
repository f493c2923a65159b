package dev.selfheal.lab.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.it.JobHarness;
import dev.selfheal.lab.experiment.ExperimentResult;
import dev.selfheal.lab.experiment.ExperimentRunner;
import dev.selfheal.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requested label regime through the real job: HEAL asks, the simulated investigator answers
 * only those ids, and each answer is used exactly when the heal batch D after the next closes.
 */
@Timeout(600)
class RequestedLabelsJobITCase {
    @TempDir
    Path dir;

    @Test
    void theInvestigatorsAnswersAreUsedInTheBatchTheyAreDueAndNothingElseArrives() throws Exception {
        Path data = JobHarness.generate(Scenario.PATTERN, 3, dir.resolve("data"));
        ExperimentResult r = ExperimentHarness.run(data, dir.resolve("out"), JobHarness.config(Map.of()), "requested:0.1:1",
                Scenario.PATTERN, 0, -1, null);

        List<JsonNode> requests = Files.readAllLines(r.out().resolve("label_requests.jsonl")).stream()
                .filter(l -> !l.isBlank()).map(Json::read).toList();
        assertThat(requests).isNotEmpty().allSatisfy(q -> assertThat(q.fieldNames()).toIterable()
                .contains("ts", "model", "id", "score", "strategy", "reason"));
        TreeMap<Long, Integer> asked = new TreeMap<>();
        requests.forEach(q -> asked.merge(q.path("batch").asLong(), 1, Integer::sum));
        List<BatchMetrics> rows = ExperimentRunner.readMetricsRows(ExperimentHarness.sinks(r));
        assertThat(rows).hasSize(25);
        long used = 0;
        for (BatchMetrics m : rows) {
            // Delay 1: batch b's answers are used when batch b + 2 closes; none arrive otherwise.
            assertThat(m.labelled).as("labels used in batch %d", m.batchIdx)
                    .isEqualTo(asked.getOrDefault(m.batchIdx - 2, 0));
            used += m.labelled;
            // 10% of the rows of any window of labels.budget-window (10) batches of 100 rows: a batch
            // under the concept alarm may spend what the ones before it left.
            int window = 0;
            for (long b = m.batchIdx - 9; b <= m.batchIdx; b++) {
                window += asked.getOrDefault(b, 0);
            }
            assertThat(window).as("requests in the 10 batches up to %d", m.batchIdx).isLessThanOrEqualTo(100);
        }
        assertThat(used).isPositive();
        assertThat(r.summary().path("labels_used").asLong()).isEqualTo(used);
        assertThat(r.summary().path("labels_requested").asLong()).isEqualTo(requests.size());
        assertThat(r.summary().path("dead_letters").asInt()).as("no answer without its row").isZero();
        assertThat(ExperimentHarness.events(r)).filteredOn(e -> e.path("type").asText().equals("label_request"))
                .hasSize(requests.size());

        // report.html says what the requests found: every one counted, the answers the job used.
        Document report = Jsoup.parse(Files.readString(r.out().resolve("report.html")));
        assertThat(report.selectFirst("#labels p").text())
                .startsWith(requests.size() + " label requests; " + used + " answered with a label, ");
        assertThat(report.select("#labels table").first().select("tbody tr").stream()
                .mapToInt(tr -> Integer.parseInt(tr.select("td").get(1).text())).sum()).isEqualTo(requests.size());
    }
}
