package dev.selfheal.healer;

import dev.selfheal.model.AdamState;
import dev.selfheal.model.Calibration;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.HealBatch;
import dev.selfheal.model.HealResult;
import dev.selfheal.model.AdapterTrainer;
import dev.selfheal.model.ServedAdapter;
import dev.selfheal.rules.Conflicts;
import dev.selfheal.rules.RuleSet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference heal: a few Adam steps on the reflexive adapter's weights, with labels, the rules
 * as weak supervision and an entropy term, when the drift or conflict trigger fires and enough
 * labelled rows arrived. The optimizer's moments carry over between accepted heals. Once an input
 * path is served it steps aside: the path was fitted on the network's logits as they are, and
 * steps toward rules that the new pattern contradicts would move those logits under it.
 */
public final class GradientHealRemedy implements Remedy {
    private final AdapterTrainer trainer;
    private final AdapterEvaluator evaluator;
    private final RuleSet rules;
    private final FraudModel model;

    /** @param rules the model's rules, or null for none */
    public GradientHealRemedy(FraudModel model, AdapterTrainer trainer, AdapterEvaluator evaluator, RuleSet rules) {
        this.model = model;
        this.trainer = trainer;
        this.evaluator = evaluator;
        this.rules = rules;
    }

    @Override
    public String name() {
        return "adapter heal";
    }

    @Override
    public boolean applies(RemedyContext c) {
        HealingStrategy st = c.config().strategy();
        int rows = c.train().size() + (st.minLabelled() == 0 ? c.x().length : 0);
        return c.healDue() && st.adapterHeal() && rows >= Math.max(1, st.minLabelled())
                && ServedAdapter.of(c.state().currentAdapter, model.adapterShape(), model.features().size())
                        .path().isZero();
    }

    @Override
    public Proposal propose(RemedyContext c, ServedAdapter base) {
        HealBatch batch = healBatch(c, base);
        if (batch.size() == 0) {
            return null;
        }
        HealerState s = c.state();
        HealResult r = trainer.heal(base.adapter(), new AdamState(s.adamM, s.adamV, s.adamStep), batch,
                c.config().heal());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("loss_before", r.lossBefore());
        d.put("loss_after", r.lossAfter());
        d.put("pos_weight", r.positiveWeight());
        return new Proposal(base.withAdapter(r.candidate()), "adapter heal", d, r.lossBefore(), r.lossAfter(),
                st -> {
                    st.adamM = r.optimizer().m();
                    st.adamV = r.optimizer().v();
                    st.adamStep = r.optimizer().step();
                });
    }

    /**
     * Rows to learn from: the batch's own rows (unlabelled, for the rule and entropy terms) and the
     * labelled rows not held back, all through the candidate's input calibration. A row whose label
     * arrived is taken once, labelled. Conflicts are judged against the candidate's current view.
     */
    private HealBatch healBatch(RemedyContext c, ServedAdapter candidate) {
        HealerConfig config = c.config();
        Set<String> labelledIds = new HashSet<>();
        for (LabelledRow r : c.train()) {
            labelledIds.add(r.id);
        }
        List<float[]> raw = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        float[][] x = c.x();
        for (int i = 0; i < x.length; i++) {
            String id = c.in().rows().get(i).id;
            if (!labelledIds.contains(id) && !HoldBack.isHeldBack(id, config.holdbackShare())) {
                raw.add(x[i]);
                labels.add(-1);
            }
        }
        for (LabelledRow r : c.train()) {
            raw.add(r.features);
            labels.add(r.label);
        }
        int n = raw.size();
        float[][] rawRows = raw.toArray(new float[0][]);
        float[] p = evaluator.probabilities(candidate.toVector(), rawRows);
        Calibration cal = candidate.calibration();
        float[][] modelRows = cal.input(rawRows);
        float[][] ruleRows = config.strategy().rulesOnCalibrated() ? modelRows : rawRows;
        int[] y = new int[n];
        int[] rule = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.get(i);
            rule[i] = rules == null ? 0 : rules.label(ruleRows[i]);
        }
        boolean[] conflicts = rules == null ? new boolean[n] : Conflicts.conflictMask(p, ruleRows, rules,
                config.conflictProb());
        return new HealBatch(modelRows, y, rule, conflicts);
    }
}
