package dev.selfheal.healer;

import dev.selfheal.drift.DriftReport;
import dev.selfheal.model.Calibration;
import dev.selfheal.model.FraudModel;
import dev.selfheal.signals.ConceptSignals;
import dev.selfheal.signals.SignalConfig;
import dev.selfheal.signals.SignalReading;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The healer's side of the label-free concept signals ({@link ConceptSignals}): keeps their window
 * in {@link HealerState}, writes them into the batch's metrics and drift audit event, raises an
 * alert when the alarm comes on, and remembers each new registry version's drift profile for the
 * lineage. It never changes the served model: the alarm reaches the state machine (DRIFTING) and
 * the label requests, nothing else.
 */
public final class ConceptWatch {
    /** Audit event raised when the concept alarm comes on. */
    public static final String ALERT = "concept_alert";
    /** Drift profiles kept, newest last: enough for every version a registry of this size holds. */
    private static final int PROFILES_PER_SNAPSHOT = 2;

    private final ConceptSignals signals;
    private final String modelId;
    private final int maxProfiles;

    ConceptWatch(String modelId, FraudModel model, SignalConfig config, int maxSnapshots) {
        this.modelId = modelId;
        this.maxProfiles = PROFILES_PER_SNAPSHOT * maxSnapshots;
        // A TorchScript backbone's h costs one pass of its modules per heal batch (the copy the healer
        // loaded on this thread, else a load).
        this.signals = config.enabled() && model.signals() != null
                ? new ConceptSignals(model.frozen(), model.standardizer(), model.adapter(), model.signals(),
                        model.trainingStats(), config)
                : null;
    }

    /** Whether signals are measured: on, and the model directory has their reference. */
    boolean measuring() {
        return signals != null;
    }

    /**
     * Reads one batch through {@code calibration} (what its inputs call for); null when the signals
     * are off or the batch is empty.
     */
    SignalReading observe(HealerState s, long batch, float[][] x, Calibration calibration, BatchMetrics m,
                          List<AuditRecord> audit, long now) {
        if (signals == null || x.length == 0) {
            return null;
        }
        ConceptSignals.Observation o = signals.observe(s.signalWindow, calibration.input(x), s.signalAlarm);
        SignalReading r = o.reading();
        s.signalWindow = o.window();
        s.signalAlarm = r.alarm();
        m.outputEntropy = r.entropy();
        m.entropyZ = r.entropyZ();
        m.hiddenKl = r.hiddenKl();
        m.hiddenMoved = SignalReading.describe(r.units());
        m.featuresMoved = SignalReading.describe(r.features());
        m.conceptAlarm = r.alarm();
        int at = -1;
        for (int i = 0; i < audit.size(); i++) {
            if (AuditRecord.DRIFT.equals(audit.get(i).type()) && audit.get(i).batch() == batch) {
                at = i;
            }
        }
        if (at >= 0 || r.alarm()) {
            Map<String, Object> d = new LinkedHashMap<>(at >= 0 ? audit.get(at).details() : Map.of());
            d.putAll(details(r));
            AuditRecord drift = new AuditRecord(now, AuditRecord.DRIFT, modelId, s.currentVersion, batch, d);
            if (at >= 0) {
                audit.set(at, drift);
            } else {
                audit.add(drift);
            }
        }
        if (r.raised()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("reason", "the served inputs departed from training beyond chance, without labels: " + r.summary());
            d.putAll(details(r));
            audit.add(new AuditRecord(now, ALERT, modelId, s.currentVersion, batch, d));
        }
        return r;
    }

    private static Map<String, Object> details(SignalReading r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("concept_alarm", r.alarm());
        d.put("output_entropy", r.entropy());
        d.put("entropy_z", r.entropyZ());
        d.put("hidden_kl", r.hiddenKl());
        d.put("signal_rows", r.rows());
        d.put("moved_units", moved(r.units()));
        d.put("moved_features", moved(r.features()));
        return d;
    }

    private static Map<String, Object> moved(List<SignalReading.Moved> list) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (SignalReading.Moved u : list) {
            m.put(u.name(), Map.of("kl", u.kl(), "score", u.score()));
        }
        return m;
    }

    /**
     * Remembers the drift profile of every version recorded since {@code s.lastVersion} (the
     * registry's last version before this batch) up to {@code lastVersion}: the inputs that drifted
     * and the signals, as they stood when the version was made.
     */
    void stampProfiles(HealerState s, long lastVersion, DriftReport drift, SignalReading r) {
        if (lastVersion <= s.lastVersion) {
            return;
        }
        String profile = profile(drift, r);
        int n = (int) Math.min(maxProfiles, lastVersion - s.lastVersion);
        long[] versions = s.profileVersions == null ? new long[0] : s.profileVersions;
        String[] texts = s.profiles == null || s.profiles.length != versions.length ? new String[versions.length]
                : s.profiles;
        long[] nv = Arrays.copyOf(versions, versions.length + n);
        String[] nt = Arrays.copyOf(texts, texts.length + n);
        for (int i = 0; i < n; i++) {
            nv[versions.length + i] = lastVersion - n + 1 + i;
            nt[versions.length + i] = profile;
        }
        int drop = Math.max(0, nv.length - maxProfiles);
        s.profileVersions = Arrays.copyOfRange(nv, drop, nv.length);
        s.profiles = Arrays.copyOfRange(nt, drop, nt.length);
    }

    static String profile(DriftReport drift, SignalReading r) {
        String inputs = drift == null || drift.driftedFeatures().isEmpty() ? "no input drifted"
                : drift.driftedFeatures().stream().limit(3)
                        .map(f -> String.format(Locale.ROOT, "%s PSI %.2f", f.name(), f.psi()))
                        .collect(Collectors.joining(", "));
        String fidi = drift == null ? "" : String.format(Locale.ROOT, "; FIDI z %.2f", drift.fidiZ());
        return inputs + fidi + (r == null ? "" : "; " + r.summary());
    }
}
