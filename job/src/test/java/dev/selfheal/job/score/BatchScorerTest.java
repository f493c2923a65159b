package dev.selfheal.job.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.AdapterApplied;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.ForwardPass;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchScorerTest {
    private static final int BATCH = 8;
    private static final int SUBTASK = 3;
    private static final String MODEL = Transaction.DEFAULT_MODEL;

    private static FraudModel model;
    private static List<Transaction> stream;
    /** A shadow adapter that differs from the deployed one, so p and p_shadow can be told apart. */
    private static float[] shadow;

    private BatchScorer scorer;

    @BeforeAll
    static void trainSmallModel() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 1, new ScenarioConfig(500, 100, 2, 100, 100)).generate();
        model = ModelFactory.train("default", data.train(), null, TrainConfig.defaults().withEpochs(1),
                ModelFactory.DEFAULT_RULES, null, 0.5);
        stream = data.stream().rows();
        shadow = perturbed(model.adapter().params(), 11);
    }

    @BeforeEach
    void newScorer() {
        scorer = new BatchScorer(model, shadow, BATCH, SUBTASK, kernel());
    }

    /** The scoring engine under test; {@link BatchScorerDjlTest} runs every test again on DJL. */
    String kernel() {
        return "auto";
    }

    @AfterEach
    void closeScorer() {
        scorer.close();
    }

    @Test
    void addReportsFullExactlyWhenTheBatchSizeIsReached() {
        for (int i = 0; i < BATCH - 1; i++) {
            assertThat(scorer.add(stream.get(i))).as("add #%d", i + 1).isFalse();
        }
        assertThat(scorer.add(stream.get(BATCH - 1))).isTrue();
        assertThat(scorer.buffered()).isEqualTo(BATCH);
    }

    @Test
    void flushEmitsOneEventPerBufferedTransactionWithItsIdentity() {
        List<Transaction> in = stream.subList(0, 5);
        in.forEach(scorer::add);

        List<ScoredEvent> out = flush();

        assertThat(out).hasSize(5);
        for (int i = 0; i < in.size(); i++) {
            Transaction t = in.get(i);
            ScoredEvent e = out.get(i);
            assertThat(e.id).isEqualTo(t.id);
            assertThat(e.key).isEqualTo(t.key);
            assertThat(e.ts).isEqualTo(t.ts);
            assertThat(e.batch).isEqualTo(t.batch);
            assertThat(e.model).isEqualTo(MODEL);
            assertThat(e.subtask).isEqualTo(SUBTASK);
        }
        assertThat(scorer.buffered()).isZero();
    }

    @Test
    void flushOfAnEmptyBufferEmitsNothing() {
        assertThat(flush()).isEmpty();
    }

    @Test
    void servesVersionOneBeforeAnyUpdate() {
        stream.subList(0, 4).forEach(scorer::add);

        assertThat(flush()).extracting(e -> e.modelVersion).containsOnly(1L);
        assertThat(scorer.servedVersion(MODEL)).isEqualTo(1);
    }

    @Test
    void probabilitiesMatchThePlainJavaForwardPassOfTheDeployedAndShadowAdapters() {
        List<Transaction> in = stream.subList(0, 40);
        List<ScoredEvent> out = scoreAll(in);

        for (int i = 0; i < in.size(); i++) {
            float[] x = standardized(in.get(i));
            assertThat((double) out.get(i).p).as("p of %s", in.get(i).id)
                    .isCloseTo(ForwardPass.probability(model.frozen(), model.adapter().params(), x), within(1e-5));
            assertThat((double) out.get(i).pShadow).as("p_shadow of %s", in.get(i).id)
                    .isCloseTo(ForwardPass.probability(model.frozen(), shadow, x), within(1e-5));
        }
    }

    @Test
    void decisionIsProbabilityAboveTheModelThreshold() {
        for (ScoredEvent e : scoreAll(stream.subList(0, 40))) {
            assertThat(e.decision).as("decision of %s (p=%s)", e.id, e.p).isEqualTo(e.p > model.threshold());
        }
    }

    @Test
    void ruleFlagsAreSetExactlyForRowsWithV14BelowMinusOnePointFive() {
        int v14 = model.features().indexOf("V14");
        List<Transaction> in = stream;
        List<ScoredEvent> out = scoreAll(in);

        int flagged = 0;
        for (int i = 0; i < in.size(); i++) {
            boolean fires = in.get(i).features[v14] < -1.5f;
            flagged += fires ? 1 : 0;
            assertThat(out.get(i).ruleFlags).as("rule_flags of %s", in.get(i).id).isEqualTo(fires ? 1 : 0);
        }
        // Both outcomes occur, so the check above is not vacuous.
        assertThat(flagged).isBetween(1, in.size() - 1);
    }

    @Test
    void applyingAValidUpdateSwitchesTheServedVersion() {
        AdapterApplied applied = scorer.apply(update(2, perturbed(model.adapter().params(), 5), 0.5), 1_000);

        assertThat(applied).isNotNull();
        assertThat(applied.refused).isNull();
        assertThat(applied.version).isEqualTo(2);
        assertThat(applied.subtask).isEqualTo(SUBTASK);
        assertThat(scorer.servedVersion(MODEL)).isEqualTo(2);
    }

    @Test
    void applyReportsThePropagationLagFromTheEmissionTime() {
        AdapterUpdate u = update(2, perturbed(model.adapter().params(), 5), 0.5);
        u.emittedAtMs = 10_000;

        assertThat(scorer.apply(u, 10_250).lagMs).isEqualTo(250);
    }

    @Test
    void afterAnUpdateEventsCarryTheNewVersionAndItsProbabilities() {
        List<Transaction> in = stream.subList(0, 20);
        List<ScoredEvent> before = scoreAll(in);
        float[] healed = perturbed(model.adapter().params(), 5);

        scorer.apply(update(2, healed, 0.5), 0);
        List<ScoredEvent> after = scoreAll(in);

        double maxChange = 0;
        for (int i = 0; i < in.size(); i++) {
            float[] x = standardized(in.get(i));
            assertThat(after.get(i).modelVersion).isEqualTo(2);
            assertThat((double) after.get(i).p).isCloseTo(ForwardPass.probability(model.frozen(), healed, x), within(1e-5));
            // The shadow is untouched by updates of the served adapter.
            assertThat(after.get(i).pShadow).isEqualTo(before.get(i).pShadow);
            maxChange = Math.max(maxChange, Math.abs(after.get(i).p - before.get(i).p));
        }
        assertThat(maxChange).isGreaterThan(1e-3);
    }

    @Test
    void aCalibratedUpdateRecalibratesTheServedInputsAndOutputsButNotTheShadow() {
        List<Transaction> in = stream.subList(0, 20);
        List<ScoredEvent> before = scoreAll(in);
        float[] healed = perturbed(model.adapter().params(), 7);
        int d = model.features().size();
        float[] scale = new float[d];
        float[] shift = new float[d];
        java.util.Arrays.fill(scale, 1f);
        scale[7] = 0.8f;
        shift[7] = 2.2f;
        dev.selfheal.model.Calibration cal = new dev.selfheal.model.Calibration(scale, shift, 0.7f, -0.3f);
        float[] vector = new dev.selfheal.model.ServedAdapter(adapter(healed), cal).toVector();
        AdapterUpdate u = new AdapterUpdate(MODEL, 2, AdapterCodec.encodeServed(MODEL, 2, model.frozen().hidden(),
                vector), 0.5, "heal", 0);
        assertThat(scorer.apply(u, 0).refused).isNull();
        List<ScoredEvent> after = scoreAll(in);
        for (int i = 0; i < in.size(); i++) {
            float[] raw = cal.input(in.get(i).features);
            float[] x = new float[raw.length];
            model.standardizer().apply(raw, x, 0);
            double expected = cal.output(ForwardPass.probability(model.frozen(), healed, x));
            assertThat((double) after.get(i).p).isCloseTo(expected, within(1e-5));
            assertThat(after.get(i).pShadow).isEqualTo(before.get(i).pShadow);
        }
    }

    @Test
    void anUpdateWithAnInputPathAddsItsTermToTheLogitOnTheCalibratedInputs() {
        int d = model.features().size();
        float[] healed = perturbed(model.adapter().params(), 5);
        float[] lin = new float[d];
        float[] sq = new float[d];
        lin[4] = 1.5f;
        sq[4] = 0.4f;
        lin[7] = -0.7f;
        for (boolean recalibrated : new boolean[] {false, true}) {
            float[] scale = new float[d];
            float[] shift = new float[d];
            java.util.Arrays.fill(scale, 1f);
            if (recalibrated) {
                shift[7] = 2.2f;
            }
            dev.selfheal.model.Calibration cal = new dev.selfheal.model.Calibration(scale, shift, 0.6f, -1.1f);
            dev.selfheal.model.InputPath path = new dev.selfheal.model.InputPath(lin, sq);
            float[] vector = new dev.selfheal.model.ServedAdapter(adapter(healed), cal, path).toVector();
            long version = recalibrated ? 3 : 2;
            AdapterUpdate u = new AdapterUpdate(MODEL, version, AdapterCodec.encodeServed(MODEL, version,
                    model.adapterShape(), d, vector), 0.5, "heal", 0);
            assertThat(scorer.apply(u, 0).refused).isNull();
            List<Transaction> in = stream.subList(0, 40);
            List<ScoredEvent> out = scoreAll(in);
            for (int i = 0; i < in.size(); i++) {
                float[] calibrated = cal.input(in.get(i).features);
                float[] x = new float[calibrated.length];
                model.standardizer().apply(calibrated, x, 0);
                float net = ForwardPass.probability(model.frozen(), healed, x);
                double logit = 0.6 * Math.log(Math.min(1 - 1e-7, Math.max(1e-7, net))
                        / (1 - Math.min(1 - 1e-7, Math.max(1e-7, net)))) - 1.1;
                logit += 1.5 * x[4] + 0.4 * (x[4] * x[4] - 1) - 0.7 * x[7];
                assertThat((double) out.get(i).p).as("row %d, recalibrated %s", i, recalibrated)
                        .isCloseTo(1 / (1 + Math.exp(-logit)), within(1e-5));
                assertThat(out.get(i).modelVersion).isEqualTo(version);
            }
        }
    }

    @Test
    void anUpdateWithHiddenUnitsAndALinkAddsThemToTheLogitAsTheFitComputesThem() {
        int d = model.features().size();
        float[] healed = perturbed(model.adapter().params(), 6);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(21);
        int r = dev.selfheal.model.HiddenUnits.UNITS;
        float[] w = new float[r * d];
        float[] b = new float[r];
        float[] o = new float[r];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (rng.nextGaussian() * 0.4);
        }
        for (int k = 0; k < r; k++) {
            b[k] = (float) (rng.nextGaussian() * 0.2);
            o[k] = (float) (rng.nextGaussian() * 0.6);
        }
        float[] knotsIn = new float[dev.selfheal.model.OutputLink.KNOTS];
        float[] knotsOut = new float[dev.selfheal.model.OutputLink.KNOTS];
        for (int k = 0; k < knotsIn.length; k++) {
            knotsIn[k] = -6 + 0.8f * k;
            knotsOut[k] = (float) (2 * Math.tanh(knotsIn[k] / 2));
        }
        dev.selfheal.model.OutputLink link = new dev.selfheal.model.OutputLink(knotsIn, knotsOut);
        float[] lin = new float[d];
        lin[4] = 0.8f;
        dev.selfheal.model.InputPath path = new dev.selfheal.model.InputPath(lin, new float[d], link,
                new dev.selfheal.model.HiddenUnits(w, b, o));
        dev.selfheal.model.Calibration cal = dev.selfheal.model.Calibration.identity(d).withOutput(0.9f, 0.3f);
        float[] vector = new dev.selfheal.model.ServedAdapter(adapter(healed), cal, path).toVector();
        AdapterUpdate u = new AdapterUpdate(MODEL, 4, AdapterCodec.encodeServed(MODEL, 4, model.adapterShape(), d,
                vector), 0.5, "heal", 0);
        assertThat(scorer.apply(u, 0).refused).isNull();
        List<Transaction> in = stream.subList(0, 40);
        List<ScoredEvent> out = scoreAll(in);
        for (int i = 0; i < in.size(); i++) {
            float[] x = new float[d];
            model.standardizer().apply(in.get(i).features, x, 0);
            double net = Math.min(1 - 1e-7, Math.max(1e-7, ForwardPass.probability(model.frozen(), healed, x)));
            double s = 0.9 * Math.log(net / (1 - net)) + 0.3 + 0.8 * Math.max(-6, Math.min(6, x[4]));
            for (int k = 0; k < r; k++) {
                double a = b[k];
                for (int j = 0; j < d; j++) {
                    a += w[k * d + j] * Math.max(-6, Math.min(6, x[j]));
                }
                s += o[k] * Math.max(0, a);
            }
            double z = link.apply(s);
            assertThat((double) out.get(i).p).as("row %d", i).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-5));
            assertThat(out.get(i).modelVersion).isEqualTo(4);
        }
    }

    @Test
    void aModelImportedWithRawInputsAddsItsPathTermInTheSamplesDeviations() {
        int d = model.features().size();
        float[] ones = new float[d];
        java.util.Arrays.fill(ones, 1f);
        java.util.Map<String, Object> training = new java.util.LinkedHashMap<>(model.training());
        training.put(FraudModel.INPUT_PATH_SCALE, FraudModel.SAMPLE_SCALE);
        FraudModel raw = new FraudModel(model.modelId(), model.features(), model.threshold(), model.rules(),
                model.keyFeature(), new dev.selfheal.model.Standardizer(new float[d], ones), model.frozen(),
                model.adapter(), model.trainingStats(), training, model.metrics(), model.signals());
        dev.selfheal.model.Standardizer scale = raw.inputPathScale();
        assertThat(scale.mean()[4]).as("the sample's, not the identity").isNotZero();
        float[] healed = perturbed(model.adapter().params(), 6);
        float[] lin = new float[d];
        float[] sq = new float[d];
        lin[4] = 1.5f;
        sq[4] = 0.4f;
        dev.selfheal.model.Calibration cal = dev.selfheal.model.Calibration.identity(d);
        float[] vector = new dev.selfheal.model.ServedAdapter(adapter(healed), cal,
                new dev.selfheal.model.InputPath(lin, sq)).toVector();
        try (BatchScorer rawScorer = new BatchScorer(raw, shadow, BATCH, SUBTASK, kernel())) {
            AdapterUpdate u = new AdapterUpdate(MODEL, 2, AdapterCodec.encodeServed(MODEL, 2, raw.adapterShape(), d,
                    vector), 0.5, "heal", 0);
            assertThat(rawScorer.apply(u, 0).refused).isNull();
            List<Transaction> in = stream.subList(0, 40);
            List<ScoredEvent> out = scoreAll(rawScorer, in);
            for (int i = 0; i < in.size(); i++) {
                float[] x = in.get(i).features;
                float net = ForwardPass.probability(raw.frozen(), healed, x);
                double q = Math.min(1 - 1e-7, Math.max(1e-7, net));
                double u4 = Math.max(-6, Math.min(6, (x[4] - scale.mean()[4]) / scale.std()[4]));
                double logit = Math.log(q / (1 - q)) + 1.5 * u4 + 0.4 * (u4 * u4 - 1);
                assertThat((double) out.get(i).p).as("row %d", i).isCloseTo(1 / (1 + Math.exp(-logit)), within(1e-5));
            }
        }
    }

    @Test
    void aMicroBatchMixingACalibratedModelAndPlainOnesScoresEachOnItsOwnInputs() {
        int d = model.features().size();
        float[] scale = new float[d];
        float[] shift = new float[d];
        java.util.Arrays.fill(scale, 1f);
        shift[7] = 1.5f;
        dev.selfheal.model.Calibration cal = new dev.selfheal.model.Calibration(scale, shift, 1f, 0f);
        float[] healed = perturbed(model.adapter().params(), 3);
        float[] vector = new dev.selfheal.model.ServedAdapter(adapter(healed), cal).toVector();
        scorer.apply(new AdapterUpdate("cal", 2, AdapterCodec.encodeServed("cal", 2, model.frozen().hidden(), vector),
                0.5, "heal", 0), 0);
        List<Transaction> in = rowsOfModels("cal", MODEL, "cal", "cal", MODEL, "cal", MODEL, "cal");

        List<ScoredEvent> out = scoreAll(in);

        assertThat(out).hasSize(BATCH);
        for (Transaction t : in) {
            ScoredEvent e = out.stream().filter(o -> o.id.equals(t.id)).findFirst().orElseThrow();
            boolean calibrated = t.model.equals("cal");
            float[] raw = calibrated ? cal.input(t.features) : t.features;
            float[] x = new float[raw.length];
            model.standardizer().apply(raw, x, 0);
            double expected = ForwardPass.probability(model.frozen(), calibrated ? healed : model.adapter().params(), x);
            assertThat((double) e.p).as("p of %s (%s)", t.id, t.model).isCloseTo(expected, within(1e-5));
            // The shadow always sees the raw row.
            assertThat((double) e.pShadow).isCloseTo(ForwardPass.probability(model.frozen(), shadow, standardized(t)),
                    within(1e-5));
        }
    }

    @Test
    void afterAnUpdateDecisionsUseTheUpdatesThreshold() {
        // A threshold inside the observed range of p, so that it really moves decisions.
        float[] ps = new float[stream.size()];
        List<ScoredEvent> before = scoreAll(stream);
        for (int i = 0; i < ps.length; i++) {
            ps[i] = before.get(i).p;
        }
        java.util.Arrays.sort(ps);
        double threshold = ps[ps.length / 2];
        assertThat(threshold).isStrictlyBetween(0.0, 1.0).isNotEqualTo(model.threshold());
        scorer.apply(update(2, model.adapter().params().clone(), threshold), 0);

        List<ScoredEvent> out = scoreAll(stream);

        assertThat(out).allSatisfy(e -> assertThat(e.decision).as("decision of %s (p=%s)", e.id, e.p)
                .isEqualTo(e.p > threshold));
        assertThat(out).filteredOn(e -> e.decision).hasSizeBetween(1, out.size() - 1);
    }

    @Test
    void refusesCorruptedBytesAndKeepsTheServedVersion() {
        AdapterUpdate u = update(2, perturbed(model.adapter().params(), 5), 0.5);
        u.adapter[u.adapter.length / 2] ^= 0x10;

        assertRefused(scorer.apply(u, 0), "checksum");
    }

    @Test
    void refusesTruncatedBytes() {
        AdapterUpdate u = update(2, perturbed(model.adapter().params(), 5), 0.5);
        u.adapter = java.util.Arrays.copyOf(u.adapter, u.adapter.length - 7);

        assertRefused(scorer.apply(u, 0), "truncated");
    }

    @Test
    void refusesMissingBytes() {
        AdapterUpdate u = update(2, perturbed(model.adapter().params(), 5), 0.5);
        u.adapter = null;

        assertRefused(scorer.apply(u, 0), "truncated");
    }

    @Test
    void refusesBytesEncodedForAnotherModelId() {
        float[] p = perturbed(model.adapter().params(), 5);
        AdapterUpdate u = new AdapterUpdate(MODEL, 2, AdapterCodec.encode("other", 2, adapter(p)), 0.5, "heal", 0);

        assertRefused(scorer.apply(u, 0), "other");
    }

    @Test
    void refusesBytesEncodedForAnotherVersion() {
        float[] p = perturbed(model.adapter().params(), 5);
        AdapterUpdate u = new AdapterUpdate(MODEL, 2, AdapterCodec.encode(MODEL, 3, adapter(p)), 0.5, "heal", 0);

        assertRefused(scorer.apply(u, 0), "v3");
    }

    @Test
    void refusesAnAdapterForAnotherHiddenWidth() {
        int otherWidth = model.frozen().hidden() / 2;
        Adapter narrow = Adapter.initial(otherWidth, new SplittableRandom(1));
        AdapterUpdate u = new AdapterUpdate(MODEL, 2, AdapterCodec.encode(MODEL, 2, narrow), 0.5, "heal", 0);

        assertRefused(scorer.apply(u, 0), "hidden width");
    }

    @Test
    void refusesNonFiniteWeights() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] p = perturbed(model.adapter().params(), 5);
            p[p.length - 1] = bad;

            assertRefused(scorer.apply(update(2, p, 0.5), 0), "non-finite");
        }
    }

    @Test
    void refusesThresholdsOutsideTheOpenUnitInterval() {
        for (double bad : new double[] {0.0, 1.0, -0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertRefused(scorer.apply(update(2, perturbed(model.adapter().params(), 5), bad), 0), "threshold");
        }
    }

    @Test
    void aRefusedUpdateLeavesTheProbabilitiesUnchanged() {
        List<ScoredEvent> before = scoreAll(stream.subList(0, 10));
        float[] p = perturbed(model.adapter().params(), 5);
        p[0] = Float.NaN;
        scorer.apply(update(2, p, 0.5), 0);

        List<ScoredEvent> after = scoreAll(stream.subList(0, 10));

        assertThat(after).extracting(e -> e.p).containsExactlyElementsOf(before.stream().map(e -> e.p).toList());
        assertThat(after).extracting(e -> e.modelVersion).containsOnly(1L);
    }

    @Test
    void reapplyingTheServedVersionReturnsNull() {
        float[] p = perturbed(model.adapter().params(), 5);
        assertThat(scorer.apply(update(2, p, 0.5), 0).refused).isNull();

        assertThat(scorer.apply(update(2, p, 0.5), 0)).isNull();
        assertThat(scorer.servedVersion(MODEL)).isEqualTo(2);
    }

    @Test
    void anUpdateForOneModelDoesNotChangeAnother() {
        scorer.apply(new AdapterUpdate("other", 2, AdapterCodec.encode("other", 2,
                adapter(perturbed(model.adapter().params(), 5))), 0.5, "heal", 0), 0);

        assertThat(scorer.servedVersion("other")).isEqualTo(2);
        assertThat(scorer.servedVersion(MODEL)).isEqualTo(1);
        assertThat(scoreAll(stream.subList(0, 3))).extracting(e -> e.modelVersion).containsOnly(1L);
    }

    @Test
    void rowsOfSeveralModelsInOneMicroBatchAreScoredByTheirOwnAdapters() {
        float[] healedB = perturbed(model.adapter().params(), 5);
        float[] healedC = perturbed(model.adapter().params(), 9);
        scorer.apply(new AdapterUpdate("b", 2, AdapterCodec.encode("b", 2, adapter(healedB)), 0.5, "heal", 0), 0);
        scorer.apply(new AdapterUpdate("c", 7, AdapterCodec.encode("c", 7, adapter(healedC)), 0.5, "heal", 0), 0);
        List<Transaction> in = rowsOfModels(MODEL, "b", "c", "b", "b", MODEL, "c", "b");

        List<ScoredEvent> out = scoreAll(in);

        assertThat(out).extracting(e -> e.id).containsExactlyInAnyOrderElementsOf(in.stream().map(t -> t.id).toList());
        for (Transaction t : in) {
            ScoredEvent e = out.stream().filter(o -> o.id.equals(t.id)).findFirst().orElseThrow();
            float[] adapter = t.model.equals("b") ? healedB : t.model.equals("c") ? healedC : model.adapter().params();
            assertThat(e.model).isEqualTo(t.model);
            assertThat(e.modelVersion).isEqualTo(t.model.equals("b") ? 2 : t.model.equals("c") ? 7 : 1);
            assertThat((double) e.p).isCloseTo(ForwardPass.probability(model.frozen(), adapter, standardized(t)),
                    within(1e-5));
            assertThat((double) e.pShadow).isCloseTo(ForwardPass.probability(model.frozen(), shadow, standardized(t)),
                    within(1e-5));
        }
        // Within a model, events keep their arrival order.
        assertThat(out.stream().filter(e -> e.model.equals("b")).map(e -> e.id).toList())
                .containsExactlyElementsOf(in.stream().filter(t -> t.model.equals("b")).map(t -> t.id).toList());
    }

    /**
     * SCORE's restore: the checkpointed buffer is added back first, then the restored adapters are
     * applied, some of them the first for their model; the buffered rows must be scored with them.
     */
    @Test
    void rowsBufferedBeforeTheirModelsFirstAdapterAreScoredWithIt() {
        float[] healedB = perturbed(model.adapter().params(), 5);
        float[] healedC = perturbed(model.adapter().params(), 9);
        List<Transaction> in = rowsOfModels("b", MODEL, "c", "b", MODEL);
        in.forEach(scorer::add);
        scorer.apply(new AdapterUpdate("b", 2, AdapterCodec.encode("b", 2, adapter(healedB)), 0.5, "heal", 0), 0);
        scorer.apply(new AdapterUpdate("c", 3, AdapterCodec.encode("c", 3, adapter(healedC)), 0.5, "heal", 0), 0);

        List<ScoredEvent> out = flush();

        assertThat(out).hasSize(in.size());
        for (Transaction t : in) {
            ScoredEvent e = out.stream().filter(o -> o.id.equals(t.id)).findFirst().orElseThrow();
            float[] adapter = t.model.equals("b") ? healedB : t.model.equals("c") ? healedC : model.adapter().params();
            assertThat(e.modelVersion).as("version of %s (%s)", t.id, t.model)
                    .isEqualTo(t.model.equals("b") ? 2 : t.model.equals("c") ? 3 : 1);
            assertThat((double) e.p).isCloseTo(ForwardPass.probability(model.frozen(), adapter, standardized(t)),
                    within(1e-5));
        }
    }

    @Test
    void aModelsFirstAdapterServesItsNextRowEvenWithTheSameModelIdInstance() {
        List<Transaction> in = rowsOfModels("b", "b");
        assertThat(scoreAll(in.subList(0, 1))).extracting(e -> e.modelVersion).containsExactly(1L);
        scorer.apply(new AdapterUpdate("b", 2, AdapterCodec.encode("b", 2,
                adapter(perturbed(model.adapter().params(), 5))), 0.5, "heal", 0), 0);

        assertThat(in.get(1).model).isSameAs(in.get(0).model);
        assertThat(scoreAll(in.subList(1, 2))).extracting(e -> e.modelVersion).containsExactly(2L);
    }

    @Test
    void aRowWithTheWrongNumberOfFeaturesIsRefusedWhenAdded() {
        Transaction t = copyOf(stream.get(0));
        t.features = java.util.Arrays.copyOf(t.features, t.features.length - 1);

        assertThatThrownBy(() -> scorer.add(t)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("features");
        assertThat(scorer.buffered()).isZero();
    }

    @Test
    void ruleFlagsStayWithTheirRowsWhenAMixedBatchIsReorderedByModel() {
        int v14 = model.features().indexOf("V14");
        scorer.apply(new AdapterUpdate("b", 2, AdapterCodec.encode("b", 2,
                adapter(perturbed(model.adapter().params(), 5))), 0.5, "heal", 0), 0);
        // More rows than the batch size without a flush in between, as a restored buffer arrives.
        String[] models = new String[3 * BATCH + 1];
        for (int i = 0; i < models.length; i++) {
            models[i] = i % 3 == 0 ? "b" : MODEL;
        }
        List<Transaction> in = rowsOfModels(models);
        in.forEach(scorer::add);

        List<ScoredEvent> out = flush();

        assertThat(out).hasSize(in.size());
        assertThat(out.stream().map(e -> e.id).toList()).as("the batch was reordered by model")
                .isNotEqualTo(in.stream().map(t -> t.id).toList());
        int flagged = 0;
        for (Transaction t : in) {
            boolean fires = t.features[v14] < -1.5f;
            flagged += fires ? 1 : 0;
            ScoredEvent e = out.stream().filter(o -> o.id.equals(t.id)).findFirst().orElseThrow();
            assertThat(e.ruleFlags).as("rule_flags of %s", t.id).isEqualTo(fires ? 1 : 0);
        }
        assertThat(flagged).isBetween(1, in.size() - 1);
    }

    @Test
    void anUpdateOverwritesTheModelsAdapterInPlaceAcrossManyVersions() {
        float[] last = null;
        for (int v = 2; v < 40; v++) {
            last = perturbed(model.adapter().params(), v);
            assertThat(scorer.apply(update(v, last, 0.5), 0).refused).isNull();
        }
        Transaction t = stream.get(0);
        ScoredEvent e = scoreAll(List.of(t)).get(0);
        assertThat(e.modelVersion).isEqualTo(39);
        assertThat((double) e.p).isCloseTo(ForwardPass.probability(model.frozen(), last, standardized(t)), within(1e-5));
    }

    static Transaction copyOf(Transaction t) {
        Transaction c = new Transaction(t.id, t.key, t.ts, t.batch, t.label, t.features);
        c.model = t.model;
        return c;
    }

    private void assertRefused(AdapterApplied applied, String reasonPart) {
        assertThat(applied).isNotNull();
        assertThat(applied.refused).isNotNull().containsIgnoringCase(reasonPart);
        assertThat(applied.version).isEqualTo(2);
        assertThat(scorer.servedVersion(MODEL)).isEqualTo(1);
    }

    private List<ScoredEvent> flush() {
        List<ScoredEvent> out = new ArrayList<>();
        scorer.flush(out::add);
        return out;
    }

    private List<ScoredEvent> scoreAll(List<Transaction> in) {
        return scoreAll(scorer, in);
    }

    /** Scores rows through add/flush as SCORE does, flushing whenever the buffer is full. */
    static List<ScoredEvent> scoreAll(BatchScorer scorer, List<Transaction> in) {
        List<ScoredEvent> out = new ArrayList<>();
        for (Transaction t : in) {
            if (scorer.add(t)) {
                scorer.flush(out::add);
            }
        }
        scorer.flush(out::add);
        return out;
    }

    private static float[] standardized(Transaction t) {
        float[] x = new float[t.features.length];
        model.standardizer().apply(t.features, x, 0);
        return x;
    }

    /** Copies of the stream's first rows, the i-th tagged with {@code models[i]}. */
    private static List<Transaction> rowsOfModels(String... models) {
        List<Transaction> in = new ArrayList<>();
        for (int i = 0; i < models.length; i++) {
            Transaction t = copyOf(stream.get(i));
            t.model = models[i];
            in.add(t);
        }
        return in;
    }

    private static AdapterUpdate update(long version, float[] params, double threshold) {
        return new AdapterUpdate(MODEL, version, AdapterCodec.encode(MODEL, version, adapter(params)), threshold, "heal", 0);
    }

    private static Adapter adapter(float[] params) {
        return new Adapter(model.frozen().hidden(), params);
    }

    /** A copy with a larger residual scale and noise on every weight: a clearly different adapter. */
    static float[] perturbed(float[] params, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] p = params.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] += (float) (rng.nextGaussian() * 0.2);
        }
        p[0] = 1.0f;
        return p;
    }
}
