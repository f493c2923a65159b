package dev.selfheal.heal;

import static dev.selfheal.heal.SnapshotTag.INITIAL;
import static dev.selfheal.heal.SnapshotTag.MANUAL;
import static dev.selfheal.heal.SnapshotTag.POST_HEAL;
import static dev.selfheal.heal.SnapshotTag.PRE_HEAL;
import static dev.selfheal.heal.SnapshotTag.ROLLBACK;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final ServingVersions NONE = ServingVersions.NONE;

    private final InMemorySnapshotStore store = new InMemorySnapshotStore();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private Registry registry(int maxSnapshots) {
        return new Registry(store, 0, new RetentionPolicy(maxSnapshots), clock);
    }

    private static float[] weights(float value) {
        return new float[] {value, value};
    }

    private static Scores scores(double accuracy, double f1) {
        return new Scores(accuracy, f1, 100);
    }

    @Test
    void versionsAreContinuousAndStampedWithTheInjectedClock() {
        Registry registry = registry(64);

        Snapshot first = registry.record(INITIAL, 0, 0, "deploy", weights(1), Scores.NONE, NONE);
        Snapshot second = registry.record(PRE_HEAL, 1, 3, "before heal", weights(1), Scores.NONE, NONE);
        Snapshot third = registry.record(POST_HEAL, 2, 3, "heal", weights(2), Scores.NONE, NONE);

        assertThat(List.of(first.version(), second.version(), third.version()))
                .containsExactly(1L, 2L, 3L);
        assertThat(registry.lastVersion()).isEqualTo(3);
        assertThat(third.timeMs()).isEqualTo(NOW.toEpochMilli());
        assertThat(registry.list()).extracting(Snapshot::version).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aRebuiltRegistryContinuesFromThePersistedLastVersion() {
        Registry before = registry(64);
        before.record(INITIAL, 0, 0, "deploy", weights(1), Scores.NONE, NONE);
        before.record(MANUAL, 1, 1, "operator", weights(2), Scores.NONE, NONE);

        Registry after = new Registry(store, before.lastVersion(), RetentionPolicy.defaults(), clock);

        assertThat(after.record(MANUAL, 2, 2, "again", weights(3), Scores.NONE, NONE).version())
                .isEqualTo(3);
    }

    @Test
    void versionsAreNeverReusedEvenWhenTheNewestSnapshotIsGone() {
        Registry registry = registry(64);
        registry.record(INITIAL, 0, 0, "deploy", weights(1), Scores.NONE, NONE);
        registry.record(MANUAL, 1, 1, "operator", weights(2), Scores.NONE, NONE);
        store.remove(2);

        assertThat(registry.record(MANUAL, 1, 2, "again", weights(3), Scores.NONE, NONE).version())
                .isEqualTo(3);
    }

    @Test
    void lineageFollowsParentsToTheRoot() {
        Registry registry = registry(64);
        registry.record(INITIAL, 0, 0, "deploy", weights(1), Scores.NONE, NONE);
        registry.record(PRE_HEAL, 1, 3, "before heal", weights(1), Scores.NONE, NONE);
        registry.record(POST_HEAL, 2, 3, "heal", weights(2), Scores.NONE, NONE);
        registry.record(ROLLBACK, 1, 9, "rollback to v1", weights(1), Scores.NONE, NONE);

        assertThat(registry.lineage(3)).extracting(Snapshot::version).containsExactly(3L, 2L, 1L);
        assertThat(registry.lineage(4)).extracting(Snapshot::version).containsExactly(4L, 1L);
        assertThat(registry.lineage(99)).isEmpty();
    }

    @Test
    void lineageStopsAtAnEvictedAncestor() {
        Registry registry = registry(64);
        registry.record(INITIAL, 0, 0, "deploy", weights(1), Scores.NONE, NONE);
        registry.record(PRE_HEAL, 1, 3, "before heal", weights(1), Scores.NONE, NONE);
        registry.record(POST_HEAL, 2, 3, "heal", weights(2), Scores.NONE, NONE);
        store.remove(2);

        assertThat(registry.lineage(3)).extracting(Snapshot::version).containsExactly(3L);
    }

    @Test
    void bestPostHealPicksHighestF1AmongMeasuredTargetsAndNeverTheExcludedVersion() {
        Registry registry = registry(64);
        registry.record(INITIAL, 0, 0, "deploy", weights(1), scores(0.80, 0.50), NONE);
        registry.record(PRE_HEAL, 1, 3, "before heal", weights(1), scores(0.99, 0.99), NONE);
        registry.record(POST_HEAL, 2, 3, "heal", weights(2), scores(0.85, 0.70), NONE);
        registry.record(POST_HEAL, 3, 5, "heal", weights(3), Scores.NONE, NONE);
        registry.record(ROLLBACK, 1, 6, "rollback", weights(1), scores(0.99, 0.99), NONE);

        // PRE_HEAL and ROLLBACK copies and the unmeasured v4 are not targets.
        assertThat(registry.bestPostHeal(0)).map(Snapshot::version).contains(3L);
        assertThat(registry.bestPostHeal(3)).map(Snapshot::version).contains(1L);
        assertThat(registry.bestPostHeal(1).orElseThrow().version()).isNotEqualTo(1L);
    }

    @Test
    void bestPostHealIsEmptyWhenTheOnlyTargetIsExcluded() {
        Registry registry = registry(64);
        registry.record(INITIAL, 0, 0, "deploy", weights(1), scores(0.80, 0.50), NONE);

        assertThat(registry.bestPostHeal(1)).isEmpty();
    }

    @Test
    void bestPostHealSkipsTheVersionARollbackCopyRestored() {
        Registry registry = registry(64);
        registry.record(INITIAL, 0, 0, "deploy", weights(1), scores(0.80, 0.50), NONE);
        registry.record(POST_HEAL, 1, 1, "heal", weights(2), scores(0.90, 0.90), NONE);
        registry.record(ROLLBACK, 2, 5, "rollback to v2", weights(2), scores(0.90, 0.90), NONE);

        // v3 serves v2's weights, so v2 is no way out of v3's trouble.
        assertThat(registry.bestPostHeal(3)).map(Snapshot::version).contains(1L);
    }

    @Test
    void bestPostHealBreaksTiesOnAccuracyThenNewest() {
        Registry registry = registry(64);
        registry.record(INITIAL, 0, 0, "deploy", weights(1), scores(0.80, 0.60), NONE);
        registry.record(POST_HEAL, 1, 1, "heal", weights(2), scores(0.90, 0.60), NONE);
        registry.record(MANUAL, 2, 2, "operator", weights(3), scores(0.90, 0.60), NONE);

        assertThat(registry.bestPostHeal(0)).map(Snapshot::version).contains(3L);
        assertThat(registry.bestPostHeal(3)).map(Snapshot::version).contains(2L);
    }

    @Test
    void scoresCanBeFilledInLater() {
        Registry registry = registry(64);
        registry.record(POST_HEAL, 0, 4, "heal", weights(2), Scores.NONE, NONE);

        registry.updateScores(1, scores(0.9, 0.8));

        assertThat(registry.get(1)).map(Snapshot::scores).contains(scores(0.9, 0.8));
        assertThat(registry.bestPostHeal(0)).map(Snapshot::version).contains(1L);
    }

    @Test
    void evictionRespectsTheBoundButKeepsCurrentShadowBestAndNewest() {
        Registry registry = registry(5);
        registry.record(INITIAL, 0, 0, "deploy", weights(1), scores(0.80, 0.50), NONE);   // shadow
        registry.record(PRE_HEAL, 1, 1, "before heal", weights(1), Scores.NONE, NONE);
        registry.record(POST_HEAL, 2, 1, "heal", weights(2), scores(0.90, 0.90), NONE);   // best
        registry.record(PRE_HEAL, 3, 2, "before heal", weights(2), Scores.NONE, NONE);
        registry.record(POST_HEAL, 4, 2, "heal", weights(3), scores(0.85, 0.60), NONE);   // current
        ServingVersions serving = new ServingVersions(5, 1);

        for (int batch = 3; batch < 10; batch++) {
            long last = registry.lastVersion();
            registry.record(PRE_HEAL, last, batch, "before heal", weights(batch), Scores.NONE, serving);
            registry.record(POST_HEAL, last + 1, batch, "heal", weights(batch),
                    scores(0.70, 0.40), serving);
            assertThat(store.size()).isLessThanOrEqualTo(5);
        }

        assertThat(registry.lastVersion()).isEqualTo(19);
        assertThat(registry.list()).extracting(Snapshot::version)
                .containsExactly(1L, 3L, 5L, 18L, 19L);
    }

    @Test
    void whenTheCurrentIsTheBestTheNextBestTargetIsKeptToo() {
        Registry registry = registry(4);
        registry.record(INITIAL, 0, 0, "deploy", weights(1), scores(0.80, 0.50), NONE);
        registry.record(POST_HEAL, 1, 1, "heal", weights(2), scores(0.90, 0.70), NONE);
        registry.record(POST_HEAL, 2, 2, "heal", weights(3), scores(0.95, 0.90), NONE);
        ServingVersions serving = new ServingVersions(3, 1);

        for (int batch = 3; batch < 8; batch++) {
            registry.record(PRE_HEAL, 3, batch, "before heal", weights(batch), Scores.NONE, serving);
        }

        // v3 is served, v1 is the shadow, v2 the rollback target, v8 the newest.
        assertThat(registry.list()).extracting(Snapshot::version).containsExactly(1L, 2L, 3L, 8L);
    }

    @Test
    void evictingAnOldPreHealSnapshotReadsNoOtherSnapshot() {
        CountingStore counting = new CountingStore();
        Registry registry = new Registry(counting, 0, new RetentionPolicy(4), clock);
        registry.record(INITIAL, 0, 0, "deploy", weights(1), scores(0.80, 0.50), NONE);
        registry.record(PRE_HEAL, 1, 1, "before heal", weights(1), Scores.NONE, NONE);
        registry.record(POST_HEAL, 2, 1, "heal", weights(2), scores(0.90, 0.90), NONE);
        registry.record(PRE_HEAL, 3, 2, "before heal", weights(2), Scores.NONE, NONE);
        ServingVersions serving = new ServingVersions(3, 1);

        counting.reads = 0;
        registry.record(POST_HEAL, 4, 2, "heal", weights(3), scores(0.85, 0.60), serving);

        // v2 (the oldest unprotected, a pre-heal copy) goes; only it was read to decide so.
        assertThat(counting.reads).isEqualTo(1);
        assertThat(registry.list()).extracting(Snapshot::version).containsExactly(1L, 3L, 4L, 5L);
    }

    @Test
    void evictionKeepsWhatReadingEverySnapshotWouldKeep() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        SnapshotTag[] tags = SnapshotTag.values();
        for (int run = 0; run < 200; run++) {
            InMemorySnapshotStore s = new InMemorySnapshotStore();
            int max = 3 + rng.nextInt(5);
            Registry registry = new Registry(s, 0, new RetentionPolicy(max), clock);
            registry.record(INITIAL, 0, 0, "deploy", weights(0), scores(0.8, 0.5), NONE);
            for (int i = 1; i < 30; i++) {
                List<Long> before = new java.util.ArrayList<>();
                s.versions().forEach(before::add);
                long last = registry.lastVersion();
                ServingVersions serving = new ServingVersions(pick(rng, before, last), pick(rng, before, last));
                SnapshotTag tag = tags[rng.nextInt(tags.length)];
                Scores sc = rng.nextInt(3) == 0 ? Scores.NONE
                        : scores(rng.nextInt(10) / 10.0, rng.nextInt(10) / 10.0);
                long parent = rng.nextInt((int) last + 1);
                // The former rule: with the new snapshot stored, read them all to find the target.
                InMemorySnapshotStore all = new InMemorySnapshotStore();
                before.forEach(v -> all.put(s.get(v)));
                all.put(new Snapshot(last + 1, parent, tag, i, NOW.toEpochMilli(), "r", weights(i), sc));
                long best = new Registry(all, last + 1, new RetentionPolicy(1000), clock)
                        .bestPostHeal(serving.current()).map(Snapshot::version).orElse(-1L);
                java.util.Set<Long> keep = new java.util.HashSet<>(
                        List.of(last + 1, serving.current(), serving.shadow(), best));
                List<Long> expected = new java.util.ArrayList<>();
                all.versions().forEach(expected::add);
                expected.removeAll(new RetentionPolicy(max).evictions(expected, keep));

                registry.record(tag, parent, i, "r", weights(i), sc, serving);
                List<Long> stored = new java.util.ArrayList<>();
                s.versions().forEach(stored::add);
                assertThat(stored).as("run %d record %d", run, i).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    private static long pick(java.util.SplittableRandom rng, List<Long> versions, long fallback) {
        return versions.isEmpty() ? fallback : versions.get(rng.nextInt(versions.size()));
    }

    /** Counts snapshot reads, to show which decisions need them. */
    private static final class CountingStore implements SnapshotStore {
        private final InMemorySnapshotStore inner = new InMemorySnapshotStore();
        int reads;

        @Override
        public Snapshot get(long version) {
            reads++;
            return inner.get(version);
        }

        @Override
        public void put(Snapshot snapshot) {
            inner.put(snapshot);
        }

        @Override
        public void remove(long version) {
            inner.remove(version);
        }

        @Override
        public Iterable<Long> versions() {
            return inner.versions();
        }
    }
}
