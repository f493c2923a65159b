package dev.selfheal.healer;

import dev.selfheal.heal.Registry;
import dev.selfheal.heal.RetentionPolicy;
import dev.selfheal.heal.ServingVersions;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.heal.SnapshotStore;
import dev.selfheal.heal.SnapshotTag;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operators' commands on one model's healing: roll back to a version, freeze or resume healing,
 * approve or reject a waiting candidate, change live thresholds. Every command, accepted or refused,
 * yields exactly one audit record.
 */
public final class ControlActions {
    private final String modelId;
    private final HealerConfig config;
    private final Clock clock;

    public ControlActions(String modelId, HealerConfig config, Clock clock) {
        this.modelId = modelId;
        this.config = config;
        this.clock = clock;
    }

    public ControlOutcome rollback(HealerState s, SnapshotStore store, long version, String raw) {
        Registry registry = registry(s, store);
        Snapshot target = registry.get(version).orElse(null);
        if (target == null) {
            return refused(s, "rollback", raw, "version " + version + " is not in the registry (never existed or evicted)");
        }
        if (version == s.currentVersion) {
            return refused(s, "rollback", raw, "version " + version + " is already served");
        }
        long from = s.currentVersion;
        Snapshot rolled = registry.record(SnapshotTag.ROLLBACK, target.version(), s.batches,
                "manual rollback from v" + from + " to v" + version, target.adapter(), target.scores(),
                new ServingVersions(s.currentVersion, s.shadowVersion));
        s.currentVersion = rolled.version();
        s.currentAdapter = rolled.adapter().clone();
        s.lastVersion = registry.lastVersion();
        s.healthAccuracy = new double[0];
        s.healthF1 = new double[0];
        s.baselineAccuracy = target.scores().accuracy();
        s.baselineF1 = target.scores().f1();
        s.rollbacks++;
        s.state = "ROLLED_BACK";
        Map<String, Object> d = details("rollback", raw);
        d.put("accepted", true);
        d.put("from_version", from);
        d.put("target_version", version);
        return new ControlOutcome(List.of(new PublishedAdapter(modelId, rolled.version(), s.currentAdapter.clone(),
                "manual rollback")), new AuditRecord(clock.millis(), AuditRecord.CONTROL, modelId, rolled.version(),
                s.batches, d));
    }

    public ControlOutcome freeze(HealerState s, boolean frozen, String raw) {
        s.frozen = frozen;
        return accepted(s, frozen ? "freeze" : "resume", raw);
    }

    public ControlOutcome approve(HealerState s, SnapshotStore store, long version, String raw) {
        if (s.pendingApproval == 0 || s.pendingApproval != version) {
            return refused(s, "approve", raw, s.pendingApproval == 0 ? "no candidate is waiting for approval"
                    : "the waiting candidate is version " + s.pendingApproval + ", not " + version);
        }
        Snapshot snap = registry(s, store).get(version).orElse(null);
        if (snap == null) {
            s.pendingApproval = 0;
            return refused(s, "approve", raw, "candidate " + version + " is no longer in the registry");
        }
        s.pendingApproval = 0;
        s.currentVersion = snap.version();
        s.currentAdapter = snap.adapter().clone();
        if (snap.scores().isMeasured()) {
            s.baselineAccuracy = snap.scores().accuracy();
            s.baselineF1 = snap.scores().f1();
        }
        ControlOutcome ok = accepted(s, "approve", raw);
        return new ControlOutcome(List.of(new PublishedAdapter(modelId, snap.version(), s.currentAdapter.clone(),
                "approved")), ok.audit());
    }

    public ControlOutcome reject(HealerState s, long version, String raw) {
        if (s.pendingApproval == 0 || s.pendingApproval != version) {
            return refused(s, "reject", raw, "no waiting candidate with version " + version);
        }
        s.pendingApproval = 0;
        return accepted(s, "reject", raw);
    }

    /** Applies threshold keys as in {@code threshold_config.json}; all or nothing. */
    public ControlOutcome thresholds(HealerState s, Map<String, Object> params, String raw) {
        double f1 = s.overrideRollbackF1Drop;
        double acc = s.overrideRollbackAccDrop;
        double fidi = s.overrideFidiThreshold;
        int window = s.overrideHealthWindow;
        int conflicts = s.overrideConflictMin;
        for (Map.Entry<String, Object> e : params.entrySet()) {
            String key = e.getKey();
            if (!(e.getValue() instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                return refused(s, "thresholds", raw, "'" + key + "' must be a finite number");
            }
            double v = n.doubleValue();
            boolean whole = v == Math.rint(v);
            boolean ok = switch (key) {
                case "rollback_f1_drop", "rollback_acc_drop" -> v >= 0 && v <= 1;
                case "fidi_threshold" -> v > 0;
                case "health_window" -> whole && v >= 1 && v <= 10_000;
                case "conflict_min" -> whole && v >= 0 && v <= 1_000_000;
                default -> false;
            };
            if (!ok) {
                return refused(s, "thresholds", raw, key.matches("rollback_f1_drop|rollback_acc_drop|fidi_threshold"
                        + "|health_window|conflict_min") ? "'" + key + "' out of range: " + v : "unknown threshold '" + key + "'");
            }
            switch (key) {
                case "rollback_f1_drop" -> f1 = v;
                case "rollback_acc_drop" -> acc = v;
                case "fidi_threshold" -> fidi = v;
                case "health_window" -> window = (int) v;
                default -> conflicts = (int) v;
            }
        }
        s.overrideRollbackF1Drop = f1;
        s.overrideRollbackAccDrop = acc;
        s.overrideFidiThreshold = fidi;
        s.overrideHealthWindow = window;
        s.overrideConflictMin = conflicts;
        return accepted(s, "thresholds", raw);
    }

    /** A command that could not even be parsed or routed, audited against this model. */
    public ControlOutcome malformed(HealerState s, String raw, String error) {
        return refused(s, "unknown", raw, error);
    }

    private ControlOutcome accepted(HealerState s, String cmd, String raw) {
        Map<String, Object> d = details(cmd, raw);
        d.put("accepted", true);
        return new ControlOutcome(List.of(), new AuditRecord(clock.millis(), AuditRecord.CONTROL, modelId,
                s.currentVersion, s.batches, d));
    }

    private ControlOutcome refused(HealerState s, String cmd, String raw, String why) {
        Map<String, Object> d = details(cmd, raw);
        d.put("accepted", false);
        d.put("refused", why);
        return new ControlOutcome(List.of(), new AuditRecord(clock.millis(), AuditRecord.CONTROL, modelId,
                s.currentVersion, s.batches, d));
    }

    private static Map<String, Object> details(String cmd, String raw) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cmd", cmd);
        d.put("raw", raw);
        return d;
    }

    private Registry registry(HealerState s, SnapshotStore store) {
        return new Registry(store, s.lastVersion, new RetentionPolicy(config.maxSnapshots()), clock);
    }
}
