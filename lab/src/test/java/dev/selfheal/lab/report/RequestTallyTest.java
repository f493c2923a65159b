package dev.selfheal.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.job.event.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTallyTest {
    @Test
    void wordingDropsFiguresButKeepsNamesWithDigits() {
        assertThat(RequestTally.wording("V14 at -4.2σ of training (V14 drifted, PSI 3.62)"))
                .isEqualTo("V14 at #σ of training (V14 drifted, PSI #)");
        assertThat(RequestTally.wording("served 0.011, committee 0.011..0.965 (spread 0.954), h8 differs"))
                .isEqualTo("served #, committee #..# (spread #), h8 differs");
    }

    @Test
    void countsRequestsAnswersAndFraudByStrategyAndReason() {
        List<JsonNode> requests = List.of(
                request("a", "random", "random sample"),
                request("b", "random", "random sample"),
                request("c", "novelty", "V14 at -4.2σ of training"),
                request("d", "novelty", "V14 at -3.9σ of training"),
                request("e", "uncertainty", "margin 0.1 under 0.4"));
        // a fraud, b normal, c fraud, d never answered, e normal
        RequestTally t = new RequestTally(requests, Map.of("a", 1, "b", 0, "c", 1, "e", 0, "zz", 1));

        assertThat(t.total()).isEqualTo(new RequestTally.Line("all", "", 5, 4, 2));
        assertThat(t.strategies()).containsExactly(
                new RequestTally.Line("random", "", 2, 2, 1),
                new RequestTally.Line("novelty", "", 2, 1, 1),
                new RequestTally.Line("uncertainty", "", 1, 1, 0));
        assertThat(t.reasons()).contains(new RequestTally.Line("novelty", "V14 at #σ of training", 2, 1, 1));
    }

    private static JsonNode request(String id, String strategy, String reason) {
        return Json.read(Json.write(Map.of("id", id, "strategy", strategy, "reason", reason, "batch", 1)));
    }
}
