package dev.selfheal.lab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backpressure drill, shortened: the production job with its scored sink throttled hard
 * (500 records/s for a source that could do a hundred times more) for ~20 s. Checkpoints must keep
 * completing while the source is backpressured, none may fail, and when the bounded stream ends
 * every event has been scored exactly once, with heals published to and applied by every scorer.
 * The full-length figures (minutes, memory) come from {@code bench --parts backpressure}.
 */
@Timeout(120)
class BackpressureDrillITCase {
    @TempDir
    Path work;

    @Test
    void checkpointsCompleteUnderBackpressureAndNoScoredEventIsLost() throws Exception {
        BenchSetup setup = BenchSetup.create(7, 3);
        var options = new BackpressureDrill.Options(20, 500, 2, 1000, Map.of());
        ObjectNode r = BackpressureDrill.run(setup, options, work,
                new PrintStream(java.io.OutputStream.nullOutputStream()));

        // Held to the sink's pace: unthrottled, the same source and parser do hundreds of thousands a second.
        JsonNode b = r.get("backpressure");
        assertThat(b.get("source_events_per_s").asDouble()).as("%s", b).isLessThan(2 * options.sinkRate());
        // Flink's own view (the REST API's backpressure level, a 5 s average) saw it too, for most of the
        // run: at least this many checkpoints completed between two samples that both read HIGH.
        JsonNode c = r.get("checkpoints");
        assertThat(c.get("completed_while_backpressured").asLong()).as("%s", c).isGreaterThanOrEqualTo(5);
        assertThat(c.get("failed_while_backpressured").asLong()).as("%s", c).isZero();
        assertThat(c.get("completed_by_type").path("UNALIGNED_CHECKPOINT").asLong()).as("%s", c).isPositive();

        JsonNode o = r.get("output");
        assertThat(o.get("scored").asLong()).as("%s", o).isEqualTo(options.events());
        assertThat(o.get("distinct").asLong()).isEqualTo(options.events());
        assertThat(o.get("lost").asLong()).isZero();
        assertThat(o.get("duplicates").asLong()).isZero();

        JsonNode h = r.get("healing");
        assertThat(h.get("heals").asLong()).as("%s", h).isPositive();
        assertThat(h.get("published_versions").asLong()).isPositive();
        assertThat(h.get("versions_applied_by_every_scorer").asLong()).isEqualTo(h.get("published_versions").asLong());
        assertThat(h.get("scored_by_healed_versions").asLong()).isPositive();
    }
}
