package dev.selfheal.labels;

import dev.selfheal.signals.SignalReading;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each strategy asks about the rows it is meant to, on synthetic batches whose rows are known. */
class LabelRequesterTest {
    private static final int ROWS = 200;

    @Test
    void randomSpendsTheShareOnRowsFromAllOverTheBatch() {
        LabelRequester requester = requester(0.1, RandomRequests.NAME);
        LabelRequesterState s = new LabelRequesterState();
        int firstHalf = 0;
        int total = 0;
        for (int b = 1; b <= 20; b++) {
            List<LabelRequest> req = requester.choose(Batches.plain(b, new float[ROWS]), s);
            assertThat(req).hasSize(20).allSatisfy(r -> assertThat(r.strategy()).isEqualTo("random"));
            firstHalf += (int) req.stream().filter(r -> index(r) < ROWS / 2).count();
            total += req.size();
        }
        assertThat(firstHalf / (double) total).isBetween(0.4, 0.6);
    }

    @Test
    void uncertaintyAsksMostlyNearTheBoundaryWithoutStarvingRowsFarFromIt() {
        LabelRequester requester = requester(0.1, UncertaintyRequests.NAME);
        LabelRequesterState s = new LabelRequesterState();
        Random r = new Random(3);
        int near = 0;
        int far = 0;
        for (int b = 1; b <= 30; b++) {
            // Half the rows within 0.05 of the threshold 0.5, half beyond 0.4 of it.
            float[] p = new float[ROWS];
            for (int i = 0; i < ROWS; i++) {
                p[i] = i % 2 == 0 ? 0.45f + 0.1f * r.nextFloat() : (r.nextBoolean() ? 0.1f : 0.9f) * r.nextFloat();
            }
            for (LabelRequest q : requester.choose(Batches.plain(b, p), s)) {
                if (Math.abs(q.score() - 0.5) < 0.05 + 1e-6) {
                    near++;
                } else {
                    far++;
                }
            }
        }
        assertThat(near + far).as("the adaptive threshold spends most of the 600 allowed").isGreaterThan(400);
        assertThat(near).isGreaterThan(4 * far);
        assertThat(far).as("far rows keep a chance").isPositive();
        assertThat(s.uncertaintyThreshold).isBetween(UncertaintyRequests.MIN_THRESHOLD, 0.1);
    }

    @Test
    void disagreementAsksWhereTheCommitteeSplitsAndNothingWhenItAgrees() {
        LabelRequester requester = requester(0.1, DisagreementRequests.NAME);
        float[] served = new float[ROWS];
        float[] ancestor = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            served[i] = 0.2f;
            // Rows 0..4 and 10..14: the ancestor disagrees, the first five across the threshold.
            ancestor[i] = i < 5 ? 0.8f : i >= 10 && i < 15 ? 0.45f : 0.21f;
        }
        List<LabelRequest> req = requester.choose(Batches.of(1, new float[ROWS][2], served, List.of(ancestor), null),
                new LabelRequesterState());
        assertThat(req.stream().map(RowIds::index).toList())
                .containsExactly(0, 1, 2, 3, 4, 10, 11, 12, 13, 14);
        assertThat(req.get(0).reason()).contains("decisions differ");

        assertThat(requester.choose(Batches.of(2, new float[ROWS][2], served, List.of(served.clone()), null),
                new LabelRequesterState())).isEmpty();
    }

    @Test
    void noveltyAsksForRowsFarOutOnTheDriftedFeatureOnly() {
        LabelRequester requester = requester(0.05, NoveltyRequests.NAME);
        float[][] x = new float[ROWS][2];
        for (int i = 0; i < ROWS; i++) {
            x[i][0] = i < 6 ? 4f + i : 0.5f;
            x[i][1] = i >= 100 && i < 106 ? 9f : 0f; // far out, but f1 did not drift
        }
        List<LabelRequest> req = requester.choose(Batches.of(1, x, new float[ROWS], List.of(),
                Batches.drifted(1, "f0")), new LabelRequesterState());
        assertThat(req.stream().map(RowIds::index).toList()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(req.get(0).reason()).startsWith("f0 at +9.").contains("f0 drifted");

        assertThat(requester.choose(Batches.of(2, x, new float[ROWS], List.of(), Batches.drifted(2)),
                new LabelRequesterState())).as("nothing drifted").isEmpty();
        assertThat(requester.choose(Batches.of(3, x, new float[ROWS], List.of(), null), new LabelRequesterState()))
                .as("no drift report").isEmpty();
    }

    @Test
    void theMixKeepsAQuarterRandomAndLetsEachTargetedStrategyIn() {
        List<LabelRequest> all = mixedRequests(5, (r, i) -> (float) r.nextGaussian() * (i < 20 ? 4 : 1), i -> i < 20);
        Map<String, Long> by = all.stream().collect(Collectors.groupingBy(LabelRequest::strategy, Collectors.counting()));
        assertThat(by.keySet()).containsExactlyInAnyOrder("random", "uncertainty", "disagreement", "novelty");
        assertThat(by.get("random") / (double) all.size()).isBetween(0.2, 0.3);
        // Uncertainty may leave part of its share unspent while its threshold adapts; nothing goes over.
        assertThat(all.size()).isBetween(700, 800);
    }

    @Test
    void whenTheDriftReportNamesMovedInputsNoveltyMayTakeHalfOfTheTargetedRequests() {
        List<LabelRequest> all = mixedRequests(6, (r, i) -> i < 40 ? 5f + r.nextFloat() : (float) r.nextGaussian(),
                i -> i >= 100 && i < 140);
        Map<String, Long> by = all.stream().collect(Collectors.groupingBy(LabelRequest::strategy, Collectors.counting()));
        double targeted = all.size() - by.get("random");
        // A third each before inputs moved; now up to half for novelty, a third for disagreement.
        assertThat(by.get("novelty") / targeted).isBetween(0.42, 0.55);
        assertThat(by.get("disagreement") / targeted).isBetween(0.25, 0.40);
    }

    @Test
    void theSameBatchGetsTheSameRequestsAndAnotherBatchOthers() {
        Function<Long, List<String>> ids = b -> requester(0.1, MixedRequests.NAME)
                .choose(Batches.plain(b, new float[ROWS]), new LabelRequesterState()).stream()
                .map(q -> q.id().substring(q.id().indexOf('-'))).toList();
        assertThat(ids.apply(7L)).isEqualTo(ids.apply(7L)).isNotEqualTo(ids.apply(8L));
    }

    @Test
    void underTheConceptAlarmABatchSpendsWhatTheWindowLeftAndNoveltyLooksAtTheMovedInputs() {
        // Novelty with no drifted feature asks for nothing: the window keeps the share unspent.
        LabelRequester requester = requester(0.1, NoveltyRequests.NAME);
        LabelRequesterState s = new LabelRequesterState();
        float[][] x = new float[ROWS][2];
        for (int i = 0; i < ROWS; i++) {
            x[i][1] = i < 40 ? 3f : 0f; // f1 moved, but the drift report names nothing
        }
        for (int b = 1; b <= 3; b++) {
            assertThat(requester.choose(Batches.of(b, x, new float[ROWS], List.of(), null), s)).isEmpty();
        }
        SignalReading alarm = new SignalReading(300, 0.1, -1, 0.2, 2, List.of(),
                List.of(new SignalReading.Moved("f1", 0.3, 3)), true, true);
        int allowance = requester.budget().allowance(s, ROWS);
        ScoredBatch batch = new ScoredBatch("m", 4, 4000, Batches.ids(4, ROWS), x, new float[ROWS], 0.5, List::of,
                null, alarm);
        List<LabelRequest> req = requester.choose(batch, s);
        assertThat(allowance).isGreaterThan((int) Math.ceil(0.1 * ROWS));
        assertThat(req).hasSize(Math.min(allowance, 40));
        assertThat(req).allMatch(q -> q.reason().contains("f1 moved under the concept alarm"));
    }

    @Test
    void aRequestCarriesTheContractsFields() {
        LabelRequest q = requester(0.1, RandomRequests.NAME).choose(Batches.plain(4, new float[ROWS]),
                new LabelRequesterState()).get(0);
        assertThat(q.toMap()).containsKeys("ts", "model", "id", "score", "strategy", "reason")
                .containsEntry("ts", 4000L).containsEntry("model", "m").containsEntry("batch", 4L);
    }

    @Test
    void anUnknownStrategyIsRefusedInOneLine() {
        assertThatThrownBy(() -> LabelRequester.strategy("clever")).hasMessageContaining("labels.strategy")
                .hasMessageContaining("mix");
    }

    /**
     * Forty batches through the mix with f0 named drifted: f0 of row i from {@code f0}, and the
     * served model's one ancestor disagreeing on the rows {@code disagrees} picks.
     */
    private static List<LabelRequest> mixedRequests(long seed, java.util.function.BiFunction<Random, Integer, Float> f0,
                                                    java.util.function.IntPredicate disagrees) {
        LabelRequester requester = requester(0.1, MixedRequests.NAME);
        LabelRequesterState s = new LabelRequesterState();
        Random r = new Random(seed);
        List<LabelRequest> all = new ArrayList<>();
        for (int b = 1; b <= 40; b++) {
            float[][] x = new float[ROWS][2];
            float[] p = new float[ROWS];
            float[] other = new float[ROWS];
            for (int i = 0; i < ROWS; i++) {
                x[i][0] = f0.apply(r, i);
                p[i] = r.nextFloat();
                other[i] = disagrees.test(i) ? 1 - p[i] : p[i];
            }
            all.addAll(requester.choose(Batches.of(b, x, p, List.of(other), Batches.drifted(b, "f0")), s));
        }
        return all;
    }

    private static LabelRequester requester(double share, String strategy) {
        return new LabelRequester(new LabelBudget(share, 10L * ROWS), strategy, Batches.STATS);
    }

    private static int index(LabelRequest r) {
        return RowIds.index(r);
    }
}

/** Row index back from a synthetic id {@code b<batch>-<row>}. */
final class RowIds {
    private RowIds() {}

    static int index(LabelRequest r) {
        return Integer.parseInt(r.id().substring(r.id().indexOf('-') + 1));
    }
}
