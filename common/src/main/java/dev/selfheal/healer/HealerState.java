package dev.selfheal.healer;

import java.util.ArrayList;
import java.util.List;

/**
 * HEAL's per-model state apart from the registry: plain public fields so Flink stores it with its
 * POJO serializer (which tolerates added and removed fields across savepoints).
 */
public class HealerState {
    /** Served adapter and its version. */
    public long currentVersion;
    public float[] currentAdapter;
    /** Adapter the shadow scorer runs. */
    public long shadowVersion;
    public float[] shadowAdapter;
    /** Adam moments of the heal optimizer, kept across heals. */
    public float[] adamM;
    public float[] adamV;
    public long adamStep;
    /** Registry's last assigned version (versions are never reused). */
    public long lastVersion;
    /** Health window of the served model, oldest first. */
    public double[] healthAccuracy = new double[0];
    public double[] healthF1 = new double[0];
    /** What the served model was expected to score, measured on data it did not train on. */
    public double baselineAccuracy = Double.NaN;
    public double baselineF1 = Double.NaN;
    public String state = "HEALTHY";
    /** FIDI detector window. */
    public double[] fidiRecentMeans = new double[0];
    public long fidiObserved;
    public long lastHealBatch = Long.MIN_VALUE;
    /** Recent labelled rows never trained on, for judging candidates. */
    public List<LabelledRow> heldBack = new ArrayList<>();
    public long heals;
    public long rejectedUpdates;
    public long rollbacks;
    public boolean frozen;
    public long batches;
    /** Candidate version waiting for a human (manual approval), 0 when none. */
    public long pendingApproval;

    /** Recent batches' per-feature moments, for input recalibration (see {@link FeatureWindow}). */
    public double[] recentMoments = new double[0];
    /** Recent label/model disagreement rates of accepted labelled batches (see {@link LabelGate}). */
    public double[] labelDisagreement = new double[0];
    /** Labelled rows the gate held back as suspect, until they prove to be a changed concept. */
    public List<LabelledRow> quarantine = new ArrayList<>();
    /** Labelled rows of recent batches too small for the gate to judge, until they are enough together. */
    public List<LabelledRow> gatePending = new ArrayList<>();
    /** Recent labelled rows that may be trained on, for the Platt fit. */
    public List<LabelledRow> plattPool = new ArrayList<>();

    /** Recent batches' per-feature medians, beside {@link #recentMoments} (see {@link FeatureWindow}). */
    public double[] recentMedians = new double[0];
    /** Recent batches' per-feature spread of their middle rows (see {@link FeatureWindow#addSpreads}). */
    public double[] recentSpreads = new double[0];
    /** Which input calibration each recent batch called for (see {@link CalibrationHistory}). */
    public double[] servedCalibrations = new double[0];
    /** Recent labelled rows that may be trained on, for the input-path fit. */
    public List<LabelledRow> labelWindow = new ArrayList<>();
    /** How far newly labelled rows contradict the served model (see {@link LabelSurprise}). */
    public double[] labelSurprise = new double[0];

    /** Confusion counts (tp, tn, fp, fn) not yet enough for a health-window entry. */
    public long[] healthPending = new long[4];

    /** The label-free signals' window of recent batches (see {@link ConceptWatch}). */
    public double[] signalWindow = new double[0];
    /** Whether the last batch's signals alarmed. */
    public boolean signalAlarm;
    /** Drift profile of recent registry versions, for the lineage: versions and texts, aligned. */
    public long[] profileVersions = new long[0];
    public String[] profiles = new String[0];

    /** Live threshold overrides from the control stream; NaN / -1 = use the configuration. */
    public double overrideRollbackF1Drop = Double.NaN;
    public double overrideRollbackAccDrop = Double.NaN;
    public double overrideFidiThreshold = Double.NaN;
    public int overrideHealthWindow = -1;
    public int overrideConflictMin = -1;

    public HealerState() {}

    public boolean initialised() {
        return currentVersion > 0;
    }
}
