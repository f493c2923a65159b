package dev.selfheal.healer;

import dev.selfheal.math.ChiSquared;
import dev.selfheal.math.Logistic;
import dev.selfheal.model.Calibration;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.HiddenUnits;
import dev.selfheal.model.InputPath;
import dev.selfheal.model.ServedAdapter;
import dev.selfheal.model.Standardizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns a changed fraud pattern from labels: when the labels that arrive contradict the served
 * model's own probabilities ({@link LabelSurprise}), re-fits the output map together with the
 * adapter's {@link InputPath} on the recent labelled window ({@link InputPathFit}), and lets the
 * candidate through only if it beats the served model's log loss on held-back rows
 * ({@link HeldBackLogLoss}). Recalibration undoes moved inputs; this learns what the frozen backbone
 * never looked at, or a relation that changed sign.
 */
public final class InputPathRemedy implements Remedy {
    public static final String NAME = "input path";
    /** Hidden units compete on heal batches whose index is a multiple of this. */
    public static final int UNITS_EVERY = 5;
    /** Hidden units compete on input sets of at most this many inputs. */
    public static final int MAX_UNIT_INPUTS = 12;

    private final FraudModel model;
    private final AdapterEvaluator evaluator;
    private final InputPathConfig config;
    private final int validationMinSamples;
    /** The last proposal's cross-validated predictions on its training rows, for {@link #judge}. */
    private CrossValidated pending;
    /** The last proposal when it was fitted on the window's newer rows, and the batch they start at. */
    private Proposal narrowedProposal;
    private long narrowedFrom;

    public InputPathRemedy(FraudModel model, AdapterEvaluator evaluator, InputPathConfig config,
                           int validationMinSamples) {
        this.model = model;
        this.evaluator = evaluator;
        this.config = config;
        this.validationMinSamples = validationMinSamples;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Enough labels arrived since the last attempt, and the window has both classes. Whether the
     * fit found anything is for {@link #propose} to say, and whether it generalises for
     * {@link #judge}: a trigger on the served model's calibration alone misses a new pattern once
     * the output map has re-fitted the scores (a calibrated but blunter model).
     */
    @Override
    public boolean applies(RemedyContext c) {
        return config.enabled() && LabelSurprise.rows(c.state().labelSurprise) >= config.minRows()
                && c.train().size() >= config.minRows() && bothClasses(c.train());
    }

    @Override
    public Proposal propose(RemedyContext c, ServedAdapter current) {
        pending = null;
        narrowedProposal = null;
        int dim = model.features().size();
        List<LabelledRow> rows = c.train();
        float[][] raw = new float[rows.size()][];
        int[] y = new int[rows.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = rows.get(i).features;
            y[i] = rows.get(i).label;
        }
        // Each row as the backbone saw it when it was scored, not through today's calibration.
        float[][] modelInputs = new float[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            modelInputs[i] = CalibrationHistory.at(c.state().servedCalibrations, rows.get(i).batch,
                    current.calibration()).input(raw[i]);
        }
        // The network's own logits on those inputs, before any output map or path.
        Calibration none = Calibration.identity(dim);
        ServedAdapter bare = current.withCalibration(none).withPath(InputPath.zero(dim));
        float[] p = evaluator.probabilities(bare.toVector(), modelInputs);
        double[] z = new double[p.length];
        double[][] u = new double[p.length][];
        Standardizer st = model.inputPathScale();
        for (int i = 0; i < p.length; i++) {
            z[i] = ServedAdapter.logit(p[i]);
            u[i] = standardised(modelInputs[i], st);
        }
        boolean[] used = InputPathSelection.used(current.path());
        InputPathSelection.Result sel = InputPathSelection.select(z, u, y, config.lambda(), config.squares(),
                config.significance(), used);
        // A served path's inputs are kept in the selection above; a selection from scratch competes
        // beside it, so that a path fitted on a few dozen labels does not hold later refits to its
        // inputs (on every input, it would shut the sparse shapes out for good).
        boolean[] fresh = current.path().isZero() ? sel.active()
                : InputPathSelection.select(z, u, y, config.lambda(), config.squares(), config.significance(),
                        new boolean[dim]).active();
        boolean[] every = new boolean[dim];
        java.util.Arrays.fill(every, true);
        InputPathFit.Result full = InputPathFit.fit(z, u, y, config.lambda(), config.squares(), every, false);
        ServedAdapter asServed = current.withCalibration(none.withOutput(current.calibration().outScale(),
                current.calibration().outShift()));
        float[] pServed = evaluator.probabilities(asServed.toVector(), modelInputs);
        double servedLoss = meanLogLoss(pServed, y);
        // Likelihood ratio of the fit on every input against the served model on the same rows: a
        // richer fit always gains a little in-sample; only a gain beyond chance (chi-squared, one
        // degree per added parameter) is worth a candidate. A pattern on a few inputs clears its
        // bar sooner one input at a time (InputPathSelection). A served path already earned its
        // place: a refit needs only the held-back judgement.
        double ratio = 2 * rows.size() * (servedLoss - full.lossAfter());
        int dof = (config.squares() ? 2 : 1) * dim + 2;
        double critical = ChiSquared.upperQuantile(dof, config.significance());
        // A concept that moved along a direction of the inputs (a tilted boundary) needs no square
        // terms: tested on its own it carries half the degrees of freedom, so it clears its bar
        // with fewer labels than the fit with squares. Fitted only when it is what decides.
        boolean firstPathUnproven = current.path().isZero() && sel.added().isEmpty() && !(ratio > critical);
        double linearRatio = Double.NaN;
        double linearCritical = Double.NaN;
        if (firstPathUnproven && config.squares() && config.linearShapes()) {
            InputPathFit.Result linear = InputPathFit.fit(z, u, y, config.lambda(), false, every, false);
            linearRatio = 2 * rows.size() * (servedLoss - linear.lossAfter());
            linearCritical = ChiSquared.upperQuantile(dim + 2, config.significance());
        }
        if (firstPathUnproven && !(linearRatio > linearCritical)) {
            return null;
        }
        InputPathChoice.Choice choice = config.folds() < 2
                ? new InputPathChoice.Choice(new InputPathChoice.Shape("every input", every, false, config.squares()),
                        full, null, List.of(), List.of(), null)
                : InputPathChoice.choose(z, u, y, config.lambda(),
                        shapes(every, sel.active(), fresh, rows.size(), c.in().batch()), config.folds(), config.link());
        // A concept that keeps moving: the chosen shape competes once more, fitted on the window's
        // newer rows only, judged on those rows out of fold.
        InputPathChoice.Narrowed narrowed = config.newerRows() && config.folds() >= 2
                ? InputPathChoice.newer(choice, z, u, y, rows.stream().mapToLong(row -> row.batch).toArray(),
                        config.lambda(), config.folds(), LearnableDisagreement.ROWS_PER_TERM * terms(choice.shape()))
                : null;
        int windowRows = rows.size();
        if (narrowed != null) {
            int[] at = narrowed.at();
            List<LabelledRow> kept = new java.util.ArrayList<>(at.length);
            double[] zk = new double[at.length];
            double[][] uk = new double[at.length][];
            int[] yk = new int[at.length];
            for (int k = 0; k < at.length; k++) {
                kept.add(rows.get(at[k]));
                zk[k] = z[at[k]];
                uk[k] = u[at[k]];
                yk[k] = y[at[k]];
            }
            rows = kept;
            z = zk;
            u = uk;
            y = yk;
            pServed = select(pServed, at);
            choice = narrowed.choice();
        }
        InputPathFit.Result r = choice.fit();
        ServedAdapter candidate = current.withCalibration(current.calibration().withOutput((float) r.a(),
                (float) r.b())).withPath(r.path().withLink(choice.link()));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("rows", rows.size());
        d.put("surprise_z", LabelSurprise.z(c.state().labelSurprise));
        d.put("served_loss", servedLoss);
        d.put("likelihood_ratio", ratio);
        d.put("critical_ratio", critical);
        if (!Double.isNaN(linearRatio)) {
            d.put("linear_likelihood_ratio", linearRatio);
            d.put("linear_critical_ratio", linearCritical);
        }
        d.put("added_inputs", added(sel.added()));
        d.put("shape", choice.shape().name());
        if (narrowed != null) {
            d.put("window_rows", windowRows);
            d.put("newer_rows_z", narrowed.z());
        }
        d.put("cv_logloss", choice.heldOutLoss());
        if (config.link()) {
            d.put("cv_logloss_linked", choice.linkedHeldOutLoss());
        }
        d.put("link", choice.link() == null ? "logistic" : "fitted");
        d.put("iterations", r.iterations());
        d.put("loss_before", r.lossBefore());
        d.put("loss_after", r.lossAfter());
        d.put("output_map", List.of(r.a(), r.b()));
        d.put("strongest_inputs", strongest(r.path(), 3));
        Proposal proposal = new Proposal(candidate, "input path fit on " + rows.size() + " labelled rows", d);
        if (narrowed != null) {
            narrowedProposal = proposal;
            narrowedFrom = rows.get(0).batch;
        }
        // The out-of-fold logits are the candidate's predictions for rows its fits did not see; what
        // they are paired with decides whether the comparison is fair (judge).
        if (config.crossValidatedJudge() && choice.outOfFoldLogits() != null) {
            boolean[] unseen = new boolean[rows.size()];
            for (int i = 0; i < unseen.length; i++) {
                unseen[i] = rows.get(i).batch > c.servedSince();
            }
            pending = new CrossValidated(proposal, pServed, probabilities(choice.outOfFoldLogits()), y,
                    current.path().isZero(), unseen);
        }
        return proposal;
    }

    @Override
    public Judgement judge(RemedyContext c, Proposal proposal) {
        // A fit that left the window's older rows out is judged on the newer held-back rows too.
        long from = narrowedProposal == proposal ? narrowedFrom : Long.MIN_VALUE;
        narrowedProposal = null;
        List<LabelledRow> held = c.heldBack().stream().filter(row -> row.batch >= from).toList();
        float[][] x = new float[held.size()][];
        int[] y = new int[held.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = held.get(i).features;
            y[i] = held.get(i).label;
        }
        float[] candidate = proposal.candidate().toVector();
        float[] pCur = evaluator.probabilities(c.state().currentAdapter, x);
        float[] pCand = evaluator.probabilities(candidate, x);
        for (float v : candidate) {
            if (!Float.isFinite(v)) {
                return new Judgement(false, "candidate has non-finite weights", Map.of());
            }
        }
        CrossValidated cv = pending != null && pending.proposal() == proposal ? pending : null;
        pending = null;
        // Too few held-back rows to judge on their own (scarce labels): the window's rows, judged by
        // what the candidate predicts for them out of fold, join them rather than wait for batches.
        // They join a first path's judgement too: the served model then fitted no more than its
        // output map on the window, so its predictions there are nearly out of sample as well, and
        // a few dozen held-back rows alone can refuse a path the whole window supports. A served
        // path was fitted on the window: against it, only the window's rows from after it was made
        // are fair, and the newest of those top the held-back rows up to the validation pool's size.
        int pooledRows = 0;
        if (cv != null) {
            int[] at = y.length < validationMinSamples || cv.firstPath()
                    ? java.util.stream.IntStream.range(0, cv.labels().length).toArray()
                    : newest(cv.unseen(), c.config().validationPool() - y.length);
            pooledRows = at.length;
            pCur = concat(select(cv.served(), at), pCur);
            pCand = concat(select(cv.candidate(), at), pCand);
            y = concat(java.util.Arrays.stream(at).map(i -> cv.labels()[i]).toArray(), y);
        }
        HeldBackLogLoss.Verdict v = HeldBackLogLoss.compare(pCur, pCand, y, validationMinSamples, config.acceptZ(),
                c.threshold());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("heldback_n", held.size());
        if (pooledRows > 0) {
            d.put("cross_validated_n", pooledRows);
        }
        d.put("current_heldback_logloss", v.currentLoss());
        d.put("candidate_heldback_logloss", v.candidateLoss());
        d.put("improvement_z", v.z());
        return new Judgement(v.accepted(), v.reason(), d);
    }

    /**
     * Every input, the selected few when they are fewer, and those selected from scratch when they
     * differ from both, each with the map free or increasing; with {@code linearShapes}, each of
     * these again without square terms; with {@code units}, on every {@link #UNITS_EVERY}-th heal
     * batch, each input set of at most {@link #MAX_UNIT_INPUTS} inputs with the map free and hidden
     * units on the same inputs, once the window holds at least as many rows as the units have
     * parameters.
     */
    private List<InputPathChoice.Shape> shapes(boolean[] every, boolean[] selected, boolean[] fresh, int rows,
                                               long batch) {
        List<InputPathChoice.Shape> out = new java.util.ArrayList<>();
        boolean sq = config.squares();
        out.add(new InputPathChoice.Shape("every input", every, false, sq));
        out.add(new InputPathChoice.Shape("every input, increasing map", every, true, sq));
        if (!java.util.Arrays.equals(every, selected)) {
            out.add(new InputPathChoice.Shape("selected inputs", selected, false, sq));
            out.add(new InputPathChoice.Shape("selected inputs, increasing map", selected, true, sq));
        }
        if (!java.util.Arrays.equals(every, fresh) && !java.util.Arrays.equals(selected, fresh)) {
            out.add(new InputPathChoice.Shape("inputs selected afresh", fresh, false, sq));
            out.add(new InputPathChoice.Shape("inputs selected afresh, increasing map", fresh, true, sq));
        }
        if (sq && config.linearShapes()) {
            for (InputPathChoice.Shape s : List.copyOf(out)) {
                out.add(new InputPathChoice.Shape(s.name() + ", linear", s.active(), s.increasing(), false));
            }
        }
        // Units with fewer rows than parameters fit noise; the cross-validation would mostly say
        // so, but the more shapes compete, the likelier one wins by chance. They cost most of a
        // proposal's time, so they compete on every UNITS_EVERY-th heal batch only, and on sets of
        // at most MAX_UNIT_INPUTS inputs.
        if (config.units() && batch % UNITS_EVERY == 0) {
            for (InputPathChoice.Shape s : List.copyOf(out)) {
                int inputs = count(s.active());
                boolean first = !s.increasing() && s.squares() == sq;
                if (first && inputs > 0 && inputs <= MAX_UNIT_INPUTS && rows >= HiddenUnits.tailLength(inputs)) {
                    out.add(new InputPathChoice.Shape(s.name() + ", hidden units", s.active(), false, sq, true));
                }
            }
        }
        return out;
    }

    /** Parameters of a shape's path and output map, hidden units aside. */
    private static int terms(InputPathChoice.Shape s) {
        return (s.squares() ? 2 : 1) * count(s.active()) + 2;
    }

    private static int count(boolean[] a) {
        int n = 0;
        for (boolean b : a) {
            n += b ? 1 : 0;
        }
        return n;
    }

    private List<Map<String, Object>> added(List<InputPathSelection.Step> steps) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (InputPathSelection.Step st : steps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", model.features().get(st.feature()));
            m.put("likelihood_ratio", st.ratio());
            m.put("critical_ratio", st.critical());
            out.add(m);
        }
        return out;
    }

    /**
     * A proposal's training rows: the served model's and the candidate's out-of-fold probabilities;
     * {@code firstPath} when the served model has no input path; {@code unseen}, the rows from
     * batches after the served version was made.
     */
    private record CrossValidated(Proposal proposal, float[] served, float[] candidate, int[] labels,
                                  boolean firstPath, boolean[] unseen) {}

    /** The positions of the last {@code n} rows marked in {@code marked}, in order (none when n <= 0). */
    private static int[] newest(boolean[] marked, int n) {
        int from = marked.length;
        for (int left = n; from > 0 && left > 0; from--) {
            left -= marked[from - 1] ? 1 : 0;
        }
        return java.util.stream.IntStream.range(from, marked.length).filter(i -> marked[i]).toArray();
    }

    private static float[] select(float[] a, int[] at) {
        float[] out = new float[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = a[at[i]];
        }
        return out;
    }

    private static float[] probabilities(double[] logits) {
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) Logistic.sigmoid(logits[i]);
        }
        return p;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double meanLogLoss(float[] p, int[] y) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
            sum += y[i] == 1 ? -Math.log(q) : -Math.log(1 - q);
        }
        return p.length == 0 ? 0 : sum / p.length;
    }

    /** A row standardised by the model's input-path scale. */
    static double[] standardised(float[] row, Standardizer st) {
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (row[j] - st.mean()[j]) / st.std()[j];
        }
        return out;
    }

    private static boolean bothClasses(List<LabelledRow> rows) {
        boolean pos = false;
        boolean neg = false;
        for (LabelledRow r : rows) {
            pos |= r.label == 1;
            neg |= r.label == 0;
        }
        return pos && neg;
    }

    /** The features the path leans on most, for the audit trail. */
    private Map<String, Object> strongest(InputPath path, int k) {
        Integer[] idx = new Integer[path.dim()];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = j;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(weight(path, b), weight(path, a)));
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(k, idx.length); i++) {
            int j = idx[i];
            out.put(model.features().get(j), List.of(path.linear()[j], path.square()[j]));
        }
        return out;
    }

    private static double weight(InputPath p, int j) {
        return Math.abs(p.linear()[j]) + Math.abs(p.square()[j]);
    }
}
