package dev.selfheal.healer;

import dev.selfheal.heal.HealthWindow;
import dev.selfheal.heal.InMemorySnapshotStore;
import dev.selfheal.heal.Registry;
import dev.selfheal.heal.RetentionPolicy;
import dev.selfheal.heal.Scores;
import dev.selfheal.heal.ServingVersions;
import dev.selfheal.heal.SnapshotTag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a rollback goes once health has fallen: only to a version that beats the served one on
 * the recent held-back rows, and, below level 1, with a held-back log loss lower by more than chance.
 * Adapters are one-number fakes: the number is how many of the held-back rows the version gets
 * wrong (the first ones).
 */
class RescoringRollbackJudgeTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final int ROWS = 60;
    /** Every row is fraud; a version's vector {k} misses the first k of them. */
    private static final BiFunction<float[], float[][], float[]> FAKE = (adapter, x) -> {
        float[] p = new float[x.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = i < adapter[0] ? 0.1f : 0.9f;
        }
        return p;
    };

    @Test
    void aTargetRightOnOneMoreRowIsNoReasonToRollBackAtTheDefaultLevel() {
        RollbackJudge.Call call = decide(10, 9, 0.05);
        assertThat(call.decision().rollback()).isFalse();
        assertThat(call.kept()).isTrue();
        assertThat(call.decision().reason()).contains("log loss").contains("no clear gain");
    }

    @Test
    void atLevelOneAnyBetterTargetWillDo() {
        RollbackJudge.Call call = decide(10, 9, 1.0);
        assertThat(call.decision().rollback()).isTrue();
        assertThat(call.decision().targetVersion()).isEqualTo(1);
    }

    @Test
    void aClearlyBetterTargetIsRolledBackToAtTheDefaultLevel() {
        RollbackJudge.Call call = decide(20, 2, 0.05);
        assertThat(call.decision().rollback()).isTrue();
        assertThat(call.decision().targetVersion()).isEqualTo(1);
        assertThat(call.kept()).isFalse();
    }

    @Test
    void healthAboveTheBaselineIsNoRollbackWhateverTheTargets() {
        HealerState s = state(2);
        HealthWindow w = new HealthWindow(3);
        for (int i = 0; i < 3; i++) {
            w.add(0.95, 0.9);
        }
        RollbackJudge.Call call = new RescoringRollbackJudge(FAKE).decide(s, registry(s, 0), w, config(0.05), 0.5);
        assertThat(call.decision().rollback()).isFalse();
        assertThat(call.kept()).isFalse();
    }

    /** Served version 2 misses {@code servedMisses} rows, version 1 misses {@code targetMisses}. */
    private static RollbackJudge.Call decide(int servedMisses, int targetMisses, double level) {
        HealerState s = state(servedMisses);
        Registry registry = registry(s, targetMisses);
        HealthWindow fallen = new HealthWindow(3);
        for (int i = 0; i < 3; i++) {
            fallen.add(0.5, 0.2);
        }
        return new RescoringRollbackJudge(FAKE).decide(s, registry, fallen, config(level), 0.5);
    }

    private static HealerState state(int servedMisses) {
        HealerState s = new HealerState();
        s.currentVersion = 2;
        s.currentAdapter = new float[] {servedMisses};
        s.baselineAccuracy = 0.95;
        s.baselineF1 = 0.9;
        List<LabelledRow> held = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            held.add(new LabelledRow("r" + i, 1, new float[] {0f}, 1));
        }
        s.heldBack = held;
        return s;
    }

    private static Registry registry(HealerState s, int targetMisses) {
        Registry r = new Registry(new InMemorySnapshotStore(), 0, new RetentionPolicy(64), CLOCK);
        ServingVersions serving = new ServingVersions(1, 1);
        r.record(SnapshotTag.INITIAL, 0, 0, "deployed", new float[] {targetMisses}, new Scores(0.95, 0.9, 1000), serving);
        r.record(SnapshotTag.POST_HEAL, 1, 1, "heal", s.currentAdapter.clone(), Scores.NONE, serving);
        s.lastVersion = r.lastVersion();
        return r;
    }

    private static HealerConfig config(double level) {
        HealingStrategy st = HealingStrategy.selfheal();
        return HealerConfig.reference().withStrategy(st.withRescoreLevel(level)).withRollback(0.08, 0.10);
    }
}
