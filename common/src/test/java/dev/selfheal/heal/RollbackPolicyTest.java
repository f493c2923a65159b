package dev.selfheal.heal;

import static dev.selfheal.heal.SnapshotTag.INITIAL;
import static dev.selfheal.heal.SnapshotTag.POST_HEAL;
import static dev.selfheal.heal.SnapshotTag.PRE_HEAL;
import static dev.selfheal.heal.SnapshotTag.ROLLBACK;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RollbackPolicyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"),
            ZoneOffset.UTC);
    private static final Scores DEPLOYED = new Scores(0.85, 0.70, 1000);

    private Registry registry;
    private final RollbackPolicy policy = RollbackPolicy.reference();

    @BeforeEach
    void deployAndHealOnce() {
        registry = new Registry(new InMemorySnapshotStore(), 0, RetentionPolicy.defaults(), CLOCK);
        ServingVersions serving = new ServingVersions(1, 1);
        registry.record(INITIAL, 0, 0, "deploy", new float[] {1f}, DEPLOYED, serving);
        registry.record(PRE_HEAL, 1, 3, "before heal", new float[] {1f}, Scores.NONE, serving);
        registry.record(POST_HEAL, 2, 3, "heal", new float[] {2f}, Scores.NONE, serving);
        // Measured on batch 4 before the job trained on it.
        registry.updateScores(3, new Scores(0.90, 0.80, 100));
    }

    private static HealthWindow windowOf(int batches, double acc, double f1) {
        HealthWindow window = new HealthWindow(5);
        for (int i = 0; i < batches; i++) {
            window.add(acc, f1);
        }
        return window;
    }

    @Test
    void waitsForAFullWindow() {
        RollbackDecision decision = policy.decide(Baseline.of(DEPLOYED), windowOf(4, 0.1, 0.0),
                registry, 3);

        assertThat(decision.rollback()).isFalse();
        assertThat(decision.reason()).isEqualTo("health window 4/5 batches");
    }

    @Test
    void noBaselineMeansNoRollback() {
        assertThat(policy.decide(Baseline.NONE, windowOf(5, 0.1, 0.0), registry, 3).rollback())
                .isFalse();
    }

    @Test
    void smallDropsAreTolerated() {
        RollbackDecision decision = policy.decide(Baseline.of(DEPLOYED), windowOf(5, 0.80, 0.65),
                registry, 3);

        assertThat(decision.rollback()).isFalse();
        assertThat(decision.reason()).startsWith("healthy");
    }

    @Test
    void aDropEqualToTheLimitIsNotMoreThanIt() {
        RollbackPolicy quarter = new RollbackPolicy(0.25, 0.25);

        assertThat(quarter.decide(new Baseline(0.75, 0.75), windowOf(5, 0.5, 0.5), registry, 3)
                .rollback()).isFalse();
    }

    @Test
    void f1DropRollsBackToTheBestOtherSnapshot() {
        RollbackDecision decision = policy.decide(Baseline.of(DEPLOYED), windowOf(5, 0.84, 0.55),
                registry, 3);

        assertThat(decision.rollback()).isTrue();
        assertThat(decision.targetVersion()).isEqualTo(1);
        assertThat(decision.reason()).startsWith("f1 degraded").contains("target v1");
    }

    @Test
    void accuracyDropAloneAlsoRollsBack() {
        RollbackDecision decision = policy.decide(Baseline.of(DEPLOYED), windowOf(5, 0.70, 0.70),
                registry, 1);

        assertThat(decision.rollback()).isTrue();
        assertThat(decision.targetVersion()).isEqualTo(3);
        assertThat(decision.reason()).startsWith("accuracy degraded");
    }

    @Test
    void neverPicksTheCurrentVersionEvenWhenItScoredBest() {
        RollbackDecision decision = policy.decide(new Baseline(0.90, 0.80), windowOf(5, 0.9, 0.6),
                registry, 3);

        assertThat(decision.targetVersion()).isNotEqualTo(3).isEqualTo(1);
    }

    @Test
    void withoutAnotherTargetThereIsNoRollback() {
        Registry onlyDeployed = new Registry(new InMemorySnapshotStore(), 0,
                RetentionPolicy.defaults(), CLOCK);
        onlyDeployed.record(INITIAL, 0, 0, "deploy", new float[] {1f}, DEPLOYED,
                ServingVersions.NONE);

        RollbackDecision decision = policy.decide(Baseline.of(DEPLOYED), windowOf(5, 0.5, 0.2),
                onlyDeployed, 1);

        assertThat(decision.rollback()).isFalse();
        assertThat(decision.reason()).startsWith("no better snapshot");
    }

    @Test
    void theStricterRecipeRollsBackOnASmallerF1Drop() {
        HealthWindow window = windowOf(5, 0.85, 0.66);

        assertThat(policy.decide(Baseline.of(DEPLOYED), window, registry, 3).rollback()).isFalse();
        assertThat(new RollbackPolicy(0.03, 0.10).decide(Baseline.of(DEPLOYED), window, registry, 3)
                .rollback()).isTrue();
    }

    @Test
    void aRollbackFollowedByAWindowResetDoesNotCascade() {
        HealthWindow window = new HealthWindow(5);
        Baseline baseline = Baseline.of(DEPLOYED);
        long current = 3;
        int rollbacks = 0;

        // The healed adapter degrades for five batches, then the restored one holds steady.
        double[] f1PerBatch = {0.55, 0.55, 0.55, 0.55, 0.55, 0.66, 0.66, 0.66, 0.66, 0.66, 0.66,
                0.66, 0.66, 0.66, 0.66};
        for (int batch = 0; batch < f1PerBatch.length; batch++) {
            window.add(0.84, f1PerBatch[batch]);
            RollbackDecision decision = policy.decide(baseline, window, registry, current);
            if (decision.rollback()) {
                rollbacks++;
                Snapshot target = registry.get(decision.targetVersion()).orElseThrow();
                current = registry.record(ROLLBACK, target.version(), batch, decision.reason(),
                        target.adapter(), target.scores(), new ServingVersions(current, 1)).version();
                // The caller pattern this test pins down:
                window.reset();
                baseline = Baseline.of(target.scores());
            }
        }

        assertThat(rollbacks).isEqualTo(1);
        assertThat(current).isEqualTo(4);
        assertThat(registry.get(4)).map(Snapshot::parentVersion).contains(1L);
    }

    @Test
    void withoutTheResetTheNextBatchRollsBackAgain() {
        // The reference's flaw, kept as a contrast: the stale window still holds the replaced
        // adapter's scores, so one good batch is not enough and a second rollback fires.
        HealthWindow window = windowOf(5, 0.84, 0.55);
        RollbackDecision first = policy.decide(Baseline.of(DEPLOYED), window, registry, 3);
        Snapshot target = registry.get(first.targetVersion()).orElseThrow();
        long current = registry.record(ROLLBACK, target.version(), 9, first.reason(),
                target.adapter(), target.scores(), new ServingVersions(3, 1)).version();

        window.add(0.84, 0.66);
        RollbackDecision second = policy.decide(Baseline.of(target.scores()), window, registry,
                current);

        assertThat(second.rollback()).isTrue();
        // And it is not a no-op "rollback" to the weights just restored (v4 is a copy of v1).
        assertThat(second.targetVersion()).isEqualTo(3);
    }
}
