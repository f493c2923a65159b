package dev.selfheal.lab.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.baseline.BaselineMethod;
import dev.selfheal.baseline.BaselineRun;
import dev.selfheal.baseline.LogisticBaseline;
import dev.selfheal.baseline.RetrainBaseline;
import dev.selfheal.baseline.StreamRow;
import dev.selfheal.data.Dataset;
import dev.selfheal.data.Transaction;
import dev.selfheal.healer.AdapterEvaluator;
import dev.selfheal.job.config.BaselineSettings;
import dev.selfheal.job.config.HealSettings;
import dev.selfheal.job.event.Json;
import dev.selfheal.model.AdapterShape;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.TrainConfig;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code retrain} and {@code logistic} baselines of an experiment (docs/evaluation.md), computed beside
 * the job from the same files and the same label regime: each sees only the labels the regime
 * delivered, in the order it delivered them. Adds {@code holdout_retrain}, {@code holdout_logistic},
 * {@code prequential_retrain}, {@code prequential_logistic} (null when no usable label arrived) and
 * a {@code baselines} block saying how they were made.
 */
final class BaselineFigures {
    private BaselineFigures() {}

    static void add(ObjectNode summary, FraudModel model, Dataset stream, Dataset holdout, ExperimentSpec spec) {
        add(summary, model, stream, holdout, spec, spec.labels().arrivals(stream.rows(), spec.seed()));
    }

    /** @param arrivals the labels the job was given (for {@code requested}, known only after the run) */
    static void add(ObjectNode summary, FraudModel model, Dataset stream, Dataset holdout, ExperimentSpec spec,
                    List<LabelRegime.Arrival> arrivals) {
        long started = System.nanoTime();
        int window = spec.config().get(BaselineSettings.WINDOW);
        AdapterShape shape = model.adapterShape();
        TrainConfig defaults = TrainConfig.defaults();
        // The deployment recipe on the model's own shape; the experiment's epochs and seed. The
        // backbone's width, not the adapter's: with an MLP head the adapter sees the head's narrower
        // hidden vector, and a retrain that narrow would stand for a smaller network than the user's.
        // With the adapter at the logit the frozen part's output is 1 wide and the user's network
        // width is unknown (it is inside their modules): retrain at selfheal's default width.
        int width = model.frozen().atLogit() ? defaults.hidden() : model.frozen().backboneWidth();
        TrainConfig training = new TrainConfig(spec.epochs(), defaults.batchSize(), defaults.learningRate(),
                width, shape.isFull() ? width : Math.min(shape.width(), width), spec.seed());
        List<BaselineMethod> methods = List.of(new RetrainBaseline(training), new LogisticBaseline());
        ObjectNode info = Json.MAPPER.createObjectNode();
        info.put("window", window);
        for (BaselineMethod m : methods) {
            info.put(m.name() + "_refit_every_batches", m.refitEvery());
        }
        List<StreamRow> rows = window > 0 ? rows(stream, spec, arrivals) : List.of();
        boolean[] deployed = rows.isEmpty() ? new boolean[0] : deployedDecisions(model, rows);
        float[][] hx = holdout.features();
        int[] hy = holdout.trueLabels();
        for (BaselineMethod m : methods) {
            BaselineRun.Result r = rows.isEmpty() ? null
                    : new BaselineRun(window).run(m, rows, deployed, hx, hy);
            if (r == null) {
                summary.putNull("holdout_" + m.name());
                summary.putNull("prequential_" + m.name());
            } else {
                summary.set("holdout_" + m.name(), ExperimentRunner.block(r.holdout()));
                summary.set("prequential_" + m.name(), ExperimentRunner.block(r.prequential()));
            }
            info.put(m.name() + "_fits", r == null ? 0 : r.fits());
        }
        info.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        summary.set("baselines", info);
    }

    /**
     * The stream rows whose class is known, each with the batch from which a fit may use its label:
     * the one after the batch its label arrived in. A stream without batch numbers is cut into
     * heal batches of {@code batch.size} rows, as the job cuts it.
     */
    static List<StreamRow> rows(Dataset stream, ExperimentSpec spec) {
        return rows(stream, spec, spec.labels().arrivals(stream.rows(), spec.seed()));
    }

    static List<StreamRow> rows(Dataset stream, ExperimentSpec spec, List<LabelRegime.Arrival> arrivals) {
        List<Transaction> all = stream.rows();
        Map<Transaction, Integer> arrival = new IdentityHashMap<>();
        for (LabelRegime.Arrival a : arrivals) {
            arrival.put(a.row(), a.batch());
        }
        boolean numbered = all.stream().anyMatch(t -> t.batch != 0);
        int batchSize = spec.config().get(HealSettings.BATCH_SIZE);
        List<StreamRow> rows = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            Transaction t = all.get(i);
            int truth = t.trueLabel == Transaction.NO_LABEL ? t.label : t.trueLabel;
            if (truth != 0 && truth != 1) {
                continue;
            }
            int batch = numbered ? t.batch : i / batchSize + 1;
            Integer arrived = arrival.get(t);
            int shift = numbered ? 0 : batch - t.batch;
            int from = arrived == null ? StreamRow.NEVER : arrived + shift + 1;
            rows.add(new StreamRow(t.features, batch, truth, t.label, from));
        }
        return rows;
    }

    private static boolean[] deployedDecisions(FraudModel model, List<StreamRow> rows) {
        float[][] x = new float[rows.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = rows.get(i).features();
        }
        float[] p;
        try (AdapterEvaluator e = new AdapterEvaluator(model)) {
            p = e.probabilities(model.adapter().params(), x);
        }
        boolean[] d = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = p[i] > model.threshold();
        }
        return d;
    }
}
