package dev.selfheal.healer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selfheal.model.Adapter;
import dev.selfheal.model.Calibration;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelFactory;
import dev.selfheal.model.ScoringKernels;
import dev.selfheal.model.ServedAdapter;
import dev.selfheal.model.TrainConfig;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioConfig;
import dev.selfheal.scenario.ScenarioData;
import dev.selfheal.scenario.ScenarioGenerator;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HEAL's evaluations on the Vector API kernel (the job's default when the JVM has the module)
 * agree with DJL's within 1e-5, calibrated adapters and narrow ones included: a candidate is judged
 * on what SCORE will serve, and the judgement does not hang on the engine.
 */
class AdapterEvaluatorTest {

    @ParameterizedTest
    @ValueSource(ints = {64, 8})
    void vectorAndDjlEvaluationsAgreeForCalibratedAdaptersOfAnyWidth(int width) {
        ScenarioData data = new ScenarioGenerator(Scenario.SHIFT, 3, new ScenarioConfig(600, 100, 3, 100, 100))
                .generate();
        FraudModel model = ModelFactory.train("default", data.train(), null,
                TrainConfig.defaults().withEpochs(2).withAdapterWidth(width), ModelFactory.DEFAULT_RULES, null, 0.5);
        assumeTrue(ScoringKernels.vectorUsable(model.frozen().hidden()), "needs --add-modules jdk.incubator.vector");
        float[][] rows = data.stream().features();
        int dim = model.features().size();

        SplittableRandom rng = new SplittableRandom(width);
        float[] params = model.adapter().params().clone();
        for (int i = 0; i < params.length; i++) {
            params[i] += (float) (0.1 * rng.nextGaussian());
        }
        float[] scale = new float[dim];
        float[] shift = new float[dim];
        for (int j = 0; j < dim; j++) {
            scale[j] = (float) (0.8 + 0.4 * rng.nextDouble());
            shift[j] = (float) (0.5 * rng.nextGaussian());
        }
        Calibration cal = Calibration.identity(dim).withInput(scale, shift).withOutput(1.3f, -0.2f);
        float[] calibrated = new ServedAdapter(new Adapter(model.adapterShape(), params), cal).toVector();
        float[] plain = new ServedAdapter(model.adapter(), Calibration.identity(dim)).toVector();

        try (AdapterEvaluator vector = new AdapterEvaluator(model, ScoringKernels.VECTOR);
             AdapterEvaluator djl = new AdapterEvaluator(model, ScoringKernels.DJL)) {
            assertThat(vector.kernelName()).isEqualTo("vector");
            assertThat(djl.kernelName()).isEqualTo("djl");
            // Alternating adapters through one handle: each call must see its own weights.
            for (float[] v : new float[][] {calibrated, plain, calibrated}) {
                for (int n : new int[] {1, 7, rows.length}) {
                    float[][] some = java.util.Arrays.copyOf(rows, n);
                    float[] pv = vector.probabilities(v, some);
                    float[] pd = djl.probabilities(v, some);
                    for (int i = 0; i < n; i++) {
                        assertThat((double) pv[i]).as("row %d of %d", i, n).isCloseTo(pd[i], within(1e-5));
                    }
                }
            }
            // The calibrated adapter is not the plain one: the comparison above compared something.
            float[] a = djl.probabilities(calibrated, rows);
            float[] b = djl.probabilities(plain, rows);
            double maxDiff = 0;
            for (int i = 0; i < rows.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            }
            assertThat(maxDiff).isGreaterThan(0.01);
        }
    }
}
