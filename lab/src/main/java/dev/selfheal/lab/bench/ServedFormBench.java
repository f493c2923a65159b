package dev.selfheal.lab.bench;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.job.score.BatchScorer;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.Calibration;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.HiddenUnits;
import dev.selfheal.model.InputPath;
import dev.selfheal.model.OutputLink;
import dev.selfheal.model.ServedAdapter;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * SCORE's own per-record work ({@link BatchScorer}: buffer, kernel, output map, input path, link,
 * scored event) for each form a served adapter takes, at one micro-batch size, in this thread: the
 * adapter alone, with an input path on every input, with that path and a fitted link, and with
 * hidden units as well. The
 * path and the link run beside the kernel, so the kernel figure alone does not show what they cost.
 * Thread CPU time, median of {@link #REPEATS} windows after a warm-up.
 */
final class ServedFormBench {
    static final String ADAPTER = "adapter";
    static final String INPUT_PATH = "input_path";
    static final String INPUT_PATH_LINK = "input_path_link";
    static final String INPUT_PATH_UNITS = "input_path_units_link";
    /** The micro-batch the kernel's goal is set at. */
    static final int BATCH = 256;
    private static final int REPEATS = 7;
    private static final String MODEL = Transaction.DEFAULT_MODEL;

    private final FraudModel model;
    private final List<Transaction> rows;
    private final double windowSeconds;

    ServedFormBench(BenchSetup setup, double windowSeconds) {
        this.model = setup.model();
        this.rows = setup.streamRows();
        this.windowSeconds = windowSeconds;
    }

    /** Form → CPU µs per record, at micro-batches of {@code batch} rows. */
    Map<String, Double> usPerRecord(String kernel, int batch) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, ServedAdapter> form : forms().entrySet()) {
            try (BatchScorer scorer = new BatchScorer(model, model.adapter().params(), batch, 0, kernel)) {
                AdapterUpdate u = new AdapterUpdate(MODEL, 2, AdapterCodec.encodeServed(MODEL, 2,
                        model.adapterShape(), model.features().size(), form.getValue().toVector()),
                        model.threshold(), "bench", 0);
                if (scorer.apply(u, 0).refused != null) {
                    throw new IllegalStateException("the bench's " + form.getKey() + " adapter was refused");
                }
                out.put(form.getKey(), measure(scorer));
            }
        }
        return out;
    }

    /** The four forms, each built on the deployed adapter with every weight in use. */
    private Map<String, ServedAdapter> forms() {
        int d = model.features().size();
        SplittableRandom rng = new SplittableRandom(7);
        float[] params = model.adapter().params().clone();
        for (int i = 1; i < params.length; i += 7) {
            params[i] *= 1.1f; // differs from the shadow, as in a running job
        }
        ServedAdapter adapter = ServedAdapter.of(params, model.adapterShape(), d)
                .withCalibration(Calibration.identity(d).withOutput(0.9f, -0.2f));
        float[] linear = new float[d];
        float[] square = new float[d];
        for (int j = 0; j < d; j++) {
            linear[j] = (float) (rng.nextDouble() - 0.5);
            square[j] = (float) (0.2 * (rng.nextDouble() - 0.5));
        }
        InputPath path = new InputPath(linear, square);
        float[] in = new float[OutputLink.KNOTS];
        float[] outLogits = new float[OutputLink.KNOTS];
        for (int k = 0; k < in.length; k++) {
            in[k] = -8 + 16f * k / (in.length - 1);
            outLogits[k] = (float) (0.7 * in[k] - 0.3);
        }
        Map<String, ServedAdapter> forms = new LinkedHashMap<>();
        forms.put(ADAPTER, adapter);
        forms.put(INPUT_PATH, adapter.withPath(path));
        forms.put(INPUT_PATH_LINK, adapter.withPath(path.withLink(new OutputLink(in, outLogits))));
        float[] w = new float[HiddenUnits.UNITS * d];
        float[] b = new float[HiddenUnits.UNITS];
        float[] o = new float[HiddenUnits.UNITS];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (rng.nextGaussian() / Math.sqrt(d));
        }
        for (int k = 0; k < o.length; k++) {
            b[k] = (float) (0.1 * rng.nextGaussian());
            o[k] = (float) (0.5 * rng.nextGaussian());
        }
        forms.put(INPUT_PATH_UNITS, adapter.withPath(path.withLink(new OutputLink(in, outLogits))
                .withUnits(new HiddenUnits(w, b, o))));
        return forms;
    }

    private double measure(BatchScorer scorer) {
        long[] kept = {0, 0};
        Consumer<ScoredEvent> sink = e -> {
            kept[0] += e.decision ? 1 : 0;
            kept[1] = e.modelVersion;
        };
        int[] cursor = {0};
        // Records in a call: enough that reading the thread's CPU clock between calls costs little.
        int perCall = 16;
        Runnable records = () -> {
            for (int r = 0; r < perCall; r++) {
                if (scorer.add(rows.get(cursor[0]))) {
                    scorer.flush(sink);
                }
                cursor[0] = cursor[0] + 1 == rows.size() ? 0 : cursor[0] + 1;
            }
        };
        KernelBench.timed(records, perCall, windowSeconds); // warm-up: C2 compiles the kernel and the per-row path
        if (kept[1] != 2) {
            throw new IllegalStateException("rows were scored by version " + kept[1] + ", not the bench's adapter");
        }
        double[] us = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            us[r] = KernelBench.timed(records, perCall, windowSeconds / 2);
        }
        if (kept[0] == -1) {
            System.out.print(""); // keeps the scored events live
        }
        Arrays.sort(us);
        return us[REPEATS / 2];
    }
}
