package dev.selfheal.job.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.event.AdapterApplied;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.AdapterShape;
import dev.selfheal.model.Calibration;
import dev.selfheal.model.ForwardPass;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.ServedAdapter;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SCORE over a model with an 8-wide adapter, on both engines: updates are decoded with the model's
 * adapter shape, scored as the plain Java forward pass scores them, and an adapter of another width
 * is refused rather than misread.
 */
class NarrowAdapterBatchScorerTest {
    private static final int BATCH = 16;
    private static FraudModel model;
    private static List<Transaction> stream;

    @BeforeAll
    static void trainNarrowModel() {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 2, new ScenarioConfig(500, 100, 2, 100, 100)).generate();
        model = ModelFactory.train("default", data.train(), null,
                TrainConfig.defaults().withEpochs(1).withAdapterWidth(8), ModelFactory.DEFAULT_RULES, null, 0.5);
        stream = data.stream().rows();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"auto", "djl"})
    void aNarrowCalibratedUpdateForOneModelIsScoredAsTheForwardPassScoresIt(String kernel) {
        AdapterShape shape = model.adapterShape();
        float[] healed = BatchScorerTest.perturbed(model.adapter().params(), 4);
        float[] shadow = BatchScorerTest.perturbed(model.adapter().params(), 9);
        int d = model.features().size();
        float[] scale = new float[d];
        java.util.Arrays.fill(scale, 1f);
        float[] shift = new float[d];
        shift[7] = 2.2f;
        Calibration cal = new Calibration(scale, shift, 0.9f, 0.1f);
        float[] vector = new ServedAdapter(new Adapter(shape, healed), cal).toVector();
        List<Transaction> in = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Transaction t = BatchScorerTest.copyOf(stream.get(i));
            t.model = i % 3 == 0 ? "healed" : Transaction.DEFAULT_MODEL;
            in.add(t);
        }
        try (BatchScorer scorer = new BatchScorer(model, shadow, BATCH, 0, kernel)) {
            AdapterApplied applied = scorer.apply(new AdapterUpdate("healed", 2,
                    AdapterCodec.encodeServed("healed", 2, shape, vector), 0.5, "heal", 0), 0);
            assertThat(applied.refused).isNull();

            List<ScoredEvent> out = BatchScorerTest.scoreAll(scorer, in);

            assertThat(out).hasSize(in.size());
            Adapter shadowAdapter = new Adapter(shape, shadow);
            for (Transaction t : in) {
                ScoredEvent e = out.stream().filter(o -> o.id.equals(t.id)).findFirst().orElseThrow();
                boolean isHealed = t.model.equals("healed");
                float[] x = standardized(isHealed ? cal.input(t.features) : t.features);
                double expected = isHealed ? cal.output(ForwardPass.probability(model.frozen(), new Adapter(shape, healed), x))
                        : ForwardPass.probability(model.frozen(), model.adapter(), x);
                assertThat((double) e.p).as("%s (%s)", t.id, t.model).isCloseTo(expected, within(1e-5));
                assertThat(e.modelVersion).isEqualTo(isHealed ? 2 : 1);
                assertThat((double) e.pShadow).isCloseTo(
                        ForwardPass.probability(model.frozen(), shadowAdapter, standardized(t.features)), within(1e-5));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"auto", "djl"})
    void anAdapterOfAnotherWidthIsRefusedAndTheDeployedOneKept(String kernel) {
        try (BatchScorer scorer = new BatchScorer(model, model.adapter().params(), BATCH, 0, kernel)) {
            for (AdapterShape other : List.of(AdapterShape.full(64), new AdapterShape(64, 4))) {
                Adapter wrong = Adapter.initial(other, new SplittableRandom(1));
                AdapterApplied applied = scorer.apply(new AdapterUpdate(Transaction.DEFAULT_MODEL, 2,
                        AdapterCodec.encode(Transaction.DEFAULT_MODEL, 2, wrong), 0.5, "heal", 0), 0);
                assertThat(applied.refused).as("width %d", other.width())
                        .contains("adapter has width " + other.width() + ", the model's adapter has width 8");
                assertThat(scorer.servedVersion(Transaction.DEFAULT_MODEL)).isEqualTo(1);
            }
        }
    }

    private static float[] standardized(float[] raw) {
        float[] x = new float[raw.length];
        model.standardizer().apply(raw, x, 0);
        return x;
    }
}
