package dev.selfheal.job.heal;

import dev.selfheal.heal.Snapshot;
import dev.selfheal.heal.SnapshotStore;
import dev.selfheal.healer.AuditRecord;
import dev.selfheal.healer.Healer;
import dev.selfheal.healer.HealerState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry as plain maps (version, parent, tag, batch, scores, reason): for audit logs and the CLI. */
public final class RegistryListing {
    public static final String TYPE = "registry";

    private RegistryListing() {}

    public static List<Map<String, Object>> of(SnapshotStore store) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Snapshot s : Healer.snapshots(store)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", s.version());
            m.put("parent", s.parentVersion());
            m.put("tag", s.tag().name());
            m.put("batch", s.batch());
            m.put("time_ms", s.timeMs());
            m.put("accuracy", s.scores().isMeasured() ? s.scores().accuracy() : null);
            m.put("f1", s.scores().isMeasured() ? s.scores().f1() : null);
            m.put("n", s.scores().n());
            m.put("reason", s.reason());
            out.add(m);
        }
        return out;
    }

    static AuditRecord audit(String model, HealerState s, SnapshotStore store, long now) {
        return new AuditRecord(now, TYPE, model, s.currentVersion, s.batches, summary(s, store));
    }

    /** HEAL's view of one model: served, shadow and last versions, counters, state, every snapshot. */
    public static Map<String, Object> summary(HealerState s, SnapshotStore store) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("current_version", s.currentVersion);
        d.put("shadow_version", s.shadowVersion);
        d.put("last_version", s.lastVersion);
        d.put("heals", s.heals);
        d.put("rejected_updates", s.rejectedUpdates);
        d.put("rollbacks", s.rollbacks);
        d.put("state", s.state);
        d.put("frozen", s.frozen);
        d.put("pending_approval", s.pendingApproval);
        d.put("batches", s.batches);
        List<Map<String, Object>> snapshots = of(store);
        Map<Long, String> profiles = new java.util.HashMap<>();
        long[] versions = s.profileVersions == null ? new long[0] : s.profileVersions;
        for (int i = 0; i < versions.length && s.profiles != null && i < s.profiles.length; i++) {
            profiles.put(versions[i], s.profiles[i]);
        }
        for (Map<String, Object> snap : snapshots) {
            String p = profiles.get((Long) snap.get("version"));
            if (p != null) {
                snap.put("drift_profile", p);
            }
        }
        d.put("snapshots", snapshots);
        return d;
    }
}
