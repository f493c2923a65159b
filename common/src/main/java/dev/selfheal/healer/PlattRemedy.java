package dev.selfheal.healer;

import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ServedAdapter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-fits the output map (Platt scaling) on recent labelled rows, on the candidate's own logits:
 * the probabilities follow the class balance and separability seen now. Once an input path is
 * served its own fit owns the output map, so this steps aside.
 */
public final class PlattRemedy implements Remedy {
    private final FraudModel model;
    private final AdapterEvaluator evaluator;

    public PlattRemedy(FraudModel model, AdapterEvaluator evaluator) {
        this.model = model;
        this.evaluator = evaluator;
    }

    @Override
    public String name() {
        return "Platt";
    }

    @Override
    public boolean applies(RemedyContext c) {
        ServedAdapter served = ServedAdapter.of(c.state().currentAdapter, model.adapterShape(), model.features().size());
        return c.config().strategy().platt() && !c.train().isEmpty() && c.state().plattPool.size() >= c.config().limits().plattMinPool()
                && served.path().isZero();
    }

    @Override
    public Proposal propose(RemedyContext c, ServedAdapter base) {
        List<LabelledRow> pool = c.state().plattPool;
        ServedAdapter unmapped = new ServedAdapter(base.adapter(), base.calibration().withOutput(1f, 0f));
        float[][] px = new float[pool.size()][];
        int[] y = new int[pool.size()];
        for (int i = 0; i < px.length; i++) {
            px[i] = pool.get(i).features;
            y[i] = pool.get(i).label;
        }
        float[] p = evaluator.probabilities(unmapped.toVector(), px);
        float[] z = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            z[i] = PlattFit.logit(p[i]);
        }
        // Under an input path the map is fitted with the path's term as an offset it does not scale.
        double[] offsets = null;
        if (!base.path().isZero()) {
            offsets = new double[px.length];
            float[][] in = base.calibration().input(px);
            dev.selfheal.model.Standardizer scale = model.inputPathScale();
            for (int i = 0; i < px.length; i++) {
                offsets[i] = base.path().logitDelta(in[i], scale);
            }
        }
        double[] ab = PlattFit.fit(z, y, offsets);
        ServedAdapter candidate = base.withCalibration(base.calibration().withOutput((float) ab[0], (float) ab[1]));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("platt", List.of(candidate.calibration().outScale(), candidate.calibration().outShift()));
        return new Proposal(candidate, "Platt refit", d);
    }
}
