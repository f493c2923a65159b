package dev.selfheal.labels;

import dev.selfheal.signals.SignalReading;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The budget holds whatever the strategy, the share, the window and the batch sizes: in every run of
 * {@code window} consecutive scored rows (every shorter run at the start), the requests made in it
 * (at the close of a batch, after its last row) never exceed the share of its rows.
 */
class LabelBudgetPropertyTest {

    @Property(tries = 300)
    void requestsNeverExceedTheShareOverAnyWindow(@ForAll @DoubleRange(min = 0, max = 1) double share,
                                                 @ForAll @IntRange(min = 1, max = 3000) int window,
                                                 @ForAll @IntRange(min = 0, max = 4) int strategyIndex,
                                                 @ForAll long seed) {
        Random r = new Random(seed);
        String strategy = LabelRequester.STRATEGIES.get(strategyIndex);
        LabelRequester requester = new LabelRequester(new LabelBudget(share, window), strategy, Batches.STATS);
        LabelRequesterState state = new LabelRequesterState();
        int batches = 1 + r.nextInt(60);
        long[] requestedAtRow = new long[batches * 200 + 1]; // requests counted at the row their batch closed on
        int seen = 0;
        for (int b = 1; b <= batches; b++) {
            ScoredBatch batch = randomBatch(b, r);
            List<LabelRequest> requests = requester.choose(batch, state);
            assertThat(requests.stream().map(LabelRequest::id).distinct().count()).isEqualTo(requests.size());
            assertThat(batch.ids()).containsAll(requests.stream().map(LabelRequest::id).toList());
            seen += batch.size();
            requestedAtRow[seen] += requests.size();
        }
        // Every window, ending at every row scored.
        long[] prefix = new long[seen + 1];
        for (int x = 1; x <= seen; x++) {
            prefix[x] = prefix[x - 1] + requestedAtRow[x];
        }
        for (int x = 1; x <= seen; x++) {
            int from = Math.max(1, x - window + 1);
            long requested = prefix[x] - prefix[from - 1];
            long rows = x - from + 1;
            assertThat((double) requested).as("rows %d..%d, %s at %s, window %d", from, x, strategy, share, window)
                    .isLessThanOrEqualTo(share * rows + 1e-9);
        }
    }

    /** Rows 0..200 (sometimes none), any probabilities, sometimes a disagreeing committee or drift. */
    private static ScoredBatch randomBatch(long b, Random r) {
        int n = r.nextInt(10) == 0 ? 0 : r.nextInt(201);
        float[][] x = new float[n][2];
        float[] p = new float[n];
        float[] other = new float[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) (r.nextGaussian() * 3);
            x[i][1] = (float) r.nextGaussian();
            p[i] = r.nextFloat();
            other[i] = r.nextFloat();
        }
        List<float[]> committee = r.nextBoolean() ? List.of(other) : List.of();
        // A quarter of the batches under the concept alarm, which spends all the window allows.
        SignalReading signal = r.nextInt(4) == 0 ? new SignalReading(n, 0.1, 0, 0.1, 2, List.of(),
                List.of(new SignalReading.Moved("f1", 0.1, 2)), true, true) : null;
        return new ScoredBatch("m", b, 1000L * b, Batches.ids(b, n), x, p, 0.5, () -> committee,
                r.nextBoolean() ? Batches.drifted(b, "f0") : null, signal);
    }
}
