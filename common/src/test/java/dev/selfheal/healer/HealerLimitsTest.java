package dev.selfheal.healer;

import dev.selfheal.model.Calibration;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ServedAdapter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The healer's evidence thresholds are settings, and the remedies ask them rather than constants. */
class HealerLimitsTest {

    @Test
    void aPlattRefitWaitsForTheConfiguredPool() {
        FraudModel model = TinyModel.model();
        HealerState s = new HealerState();
        s.currentAdapter = new ServedAdapter(model.adapter(), Calibration.identity(TinyModel.D)).toVector();
        List<LabelledRow> pool = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pool.add(new LabelledRow("r" + i, 1, new float[TinyModel.D], i % 5 == 0 ? 1 : 0));
        }
        s.plattPool = pool;
        HealerConfig base = HealerConfig.reference().withStrategy(HealingStrategy.selfheal());
        try (AdapterEvaluator evaluator = new AdapterEvaluator(model, "vector")) {
            PlattRemedy platt = new PlattRemedy(model, evaluator);
            assertThat(platt.applies(context(s, base, pool))).as("40 rows, the default 30 needed").isTrue();
            HealerConfig stricter = base.withLimits(new HealerLimits(50, 0.1, 20, 3, 0.25));
            assertThat(platt.applies(context(s, stricter, pool))).as("40 rows, 50 needed").isFalse();
        }
    }

    @Test
    void recalibrationIsProposedOnlyPastTheConfiguredChange() {
        HealerConfig base = HealerConfig.reference().withStrategy(HealingStrategy.selfheal());
        RecalibrationRemedy recal = new RecalibrationRemedy(TinyModel.NAMES);
        HealerState s = new HealerState();
        assertThat(recal.applies(context(s, base, List.of(), 0.15))).isTrue();
        assertThat(recal.applies(context(s, base.withLimits(new HealerLimits(30, 0.2, 20, 3, 0.25)), List.of(), 0.15)))
                .isFalse();
    }

    @Test
    void thresholdsOutsideTheirRangeAreRefusedWithTheirSettingNames() {
        assertThatThrownBy(() -> new HealerLimits(1, 0.1, 20, 3, 0.25)).hasMessageContaining("platt.min-pool");
        assertThatThrownBy(() -> new HealerLimits(30, -1, 20, 3, 0.25)).hasMessageContaining("recalibrate.min-change");
        assertThatThrownBy(() -> new HealerLimits(30, 0.1, 20, 3, 0)).hasMessageContaining("labels.gate-stable-change");
    }

    private static RemedyContext context(HealerState s, HealerConfig c, List<LabelledRow> train) {
        return context(s, c, train, 0);
    }

    private static RemedyContext context(HealerState s, HealerConfig c, List<LabelledRow> train, double change) {
        return new RemedyContext(s, c, new HealBatchInput(1, 0, List.of(), List.of()), new float[0][], train,
                List.of(), 0.5, true, Calibration.identity(TinyModel.D), change, 0);
    }
}
