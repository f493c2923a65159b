package dev.selfheal.job.heal;

import dev.selfheal.healer.AuditRecord;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.healer.BatchOutcome;
import dev.selfheal.healer.ConceptWatch;
import dev.selfheal.healer.HealerState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * HEAL's Prometheus metrics (group {@code selfheal}); gauges read the last batch's figures. One
 * model per subtask is the common case; with several, the gauges show the model processed last.
 */
final class HealMetrics {
    final Counter heals;
    final Counter rejected;
    final Counter rollbacks;
    final Counter batches;
    final Counter expiredSamples;
    /** Label requests made, and labels that arrived for requested ids (the answers). */
    final Counter labelRequests;
    final Counter requestedLabels;
    /** Labels for ids outside PROFILE's sample (sample.rate below 1): dropped, they have no row to join. */
    final Counter unsampledLabels;
    /** Rows and labels HEAL could not use (its dead letters). */
    final Counter deadLetters;
    /** Concept alerts raised by the label-free signals. */
    final Counter conceptAlerts;
    /** Suspect labels the gate released as a changed concept. */
    final Counter conceptChanges;
    private volatile BatchMetrics last;
    private volatile long version = 1;
    private volatile int state;
    private final java.util.ArrayDeque<double[]> shadowWindow = new java.util.ArrayDeque<>();
    private volatile double rollingShadowAcc;
    private volatile double rollingShadowF1;
    private final int window;

    HealMetrics(MetricGroup g, int window) {
        this.window = window;
        deadLetters = g.counter("heal_dead_letters");
        heals = g.counter("heals");
        rejected = g.counter("rejected_updates");
        rollbacks = g.counter("rollbacks");
        batches = g.counter("heal_batches");
        expiredSamples = g.counter("expired_samples");
        labelRequests = g.counter("label_requests");
        requestedLabels = g.counter("requested_labels_arrived");
        unsampledLabels = g.counter("unsampled_labels");
        conceptAlerts = g.counter("concept_alerts");
        conceptChanges = g.counter("concept_changes");
        // Label-free signals of the last batch (0 when off): see dev.selfheal.signals.
        g.gauge("output_entropy", () -> finite(last == null ? Double.NaN : last.outputEntropy));
        g.gauge("entropy_z", () -> finite(last == null ? Double.NaN : last.entropyZ));
        g.gauge("hidden_kl", () -> finite(last == null ? Double.NaN : last.hiddenKl));
        g.gauge("concept_alarm", () -> last != null && last.conceptAlarm ? 1 : 0);
        g.gauge("drift_zscore", () -> last == null ? 0.0 : last.zScore);
        g.gauge("conflicts", () -> last == null ? 0 : last.nConflicts);
        g.gauge("model_version", () -> version);
        g.gauge("state", () -> state);
        g.gauge("heal_duration_ms", () -> last == null ? 0.0 : last.healMs);
        g.gauge("rolling_healed_accuracy", () -> last == null || Double.isNaN(last.healthAcc) ? 0.0 : last.healthAcc);
        g.gauge("rolling_healed_f1", () -> last == null || Double.isNaN(last.healthF1) ? 0.0 : last.healthF1);
        g.gauge("batch_healed_accuracy", () -> last == null ? 0.0 : last.healedAcc);
        g.gauge("batch_shadow_accuracy", () -> last == null ? 0.0 : last.shadowAcc);
        g.gauge("batch_healed_f1", () -> last == null ? 0.0 : last.healedF1);
        g.gauge("batch_shadow_f1", () -> last == null ? 0.0 : last.shadowF1);
        // The shadow over the same window as the served model's health, for a like-for-like panel.
        g.gauge("rolling_shadow_accuracy", () -> rollingShadowAcc);
        g.gauge("rolling_shadow_f1", () -> rollingShadowF1);
    }

    void record(HealerState s, BatchOutcome o) {
        BatchMetrics m = o.metrics();
        last = m;
        version = s.currentVersion;
        state = switch (s.state) {
            case "HEALTHY" -> 0;
            case "DRIFTING" -> 1;
            case "HEALING" -> 2;
            default -> 3;
        };
        batches.inc();
        conceptAlerts.inc(o.audit().stream().filter(a -> ConceptWatch.ALERT.equals(a.type())).count());
        conceptChanges.inc(o.audit().stream().filter(a -> AuditRecord.DRIFT.equals(a.type())
                && AuditRecord.CONCEPT_CHANGE.equals(a.details().get("kind"))).count());
        if (Double.isFinite(m.shadowAcc)) {
            shadowWindow.addLast(new double[] {m.shadowAcc, m.shadowF1});
            while (shadowWindow.size() > window) {
                shadowWindow.removeFirst();
            }
            rollingShadowAcc = shadowWindow.stream().mapToDouble(v -> v[0]).average().orElse(0);
            rollingShadowF1 = shadowWindow.stream().mapToDouble(v -> v[1]).average().orElse(0);
        }
        switch (m.action) {
            case "heal", "awaiting_approval" -> heals.inc();
            case "rejected" -> rejected.inc();
            case "rollback" -> rollbacks.inc();
            default -> { }
        }
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }
}
