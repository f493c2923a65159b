package dev.selfheal.healer;

import dev.selfheal.heal.Registry;
import dev.selfheal.model.Calibration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineageRepairRemedyTest {
    private final TwoVersions v = new TwoVersions();

    @AfterEach
    void close() {
        v.close();
    }

    @Test
    void stepsFromAWorseServedAdapterTowardItsHealthyAncestor() {
        // The served adapter's output map flipped sign: every decision inverted.
        Registry registry = v.registry(v.healthy, v.flipped);
        HealerState s = TwoVersions.state(registry, v.flipped);
        List<LabelledRow> held = v.labelledBy(v.healthy, 200, 1);
        LineageRepairRemedy repair = new LineageRepairRemedy(v.model, v.evaluator, registry, RepairConfig.defaults(),
                20);
        RemedyContext c = context(s, held);

        assertThat(repair.applies(c)).isTrue();
        Remedy.Proposal p = repair.propose(c, v.split(v.flipped));
        assertThat(p).isNotNull();
        // v2 is the pre-heal copy of v1: the nearest version with those weights.
        assertThat(p.describe()).startsWith("lineage repair toward v2");
        double alpha = (double) p.details().get("repair_alpha");
        assertThat(alpha).as("only a step with the healthy sign of the map can be as good as the full one")
                .isEqualTo(0.75);
        assertThat(p.candidate().toVector()).isEqualTo(LineageRepairRemedy.blend(v.flipped, v.healthy, alpha));
    }

    @Test
    void proposesNothingWhenNoAncestorBeatsTheServedAdapterOrTooFewRowsAreHeldBack() {
        float[] first = v.healthy;
        float[] second = v.flipped;
        Registry registry = v.registry(first, second);
        HealerState s = TwoVersions.state(registry, second);
        LineageRepairRemedy repair = new LineageRepairRemedy(v.model, v.evaluator, registry, RepairConfig.defaults(),
                20);
        // Labels that agree with the served adapter: its ancestor is worse.
        RemedyContext c = context(s, v.labelledBy(second, 200, 1));
        assertThat(repair.propose(c, v.split(second))).isNull();
        assertThat(repair.applies(context(s, v.labelledBy(second, 10, 1)))).isFalse();
        assertThat(new LineageRepairRemedy(v.model, v.evaluator, registry, RepairConfig.off(), 20).applies(c))
                .isFalse();
    }

    @Test
    void aBlendIsTheStraightLineBetweenTheTwo() {
        float[] a = {0f, 2f, -4f};
        float[] b = {4f, 2f, 0f};
        assertThat(LineageRepairRemedy.blend(a, b, 0.25)).containsExactly(1f, 2f, -3f);
    }

    private static RemedyContext context(HealerState s, List<LabelledRow> held) {
        return new RemedyContext(s, HealerConfig.reference(), new HealBatchInput(9, 0, List.of(), List.of()),
                new float[0][], List.of(), held, 0.5, false, Calibration.identity(TwoVersions.NAMES.size()), 0, 0);
    }
}
